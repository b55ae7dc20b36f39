package dev.bduf.metrics.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.bduf.metrics.tracking.TrackedAspect;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of {@code @Tracked} and the performance tracker.
 */
@ConfigurationProperties("bduf.metrics.tracking")
public class TrackingProperties {

	/**
	 * Whether methods annotated with @Tracked are tracked.
	 */
	private boolean enabled = true;

	/**
	 * Order of the @Tracked advice among other advice. Defaults to
	 * Ordered.HIGHEST_PRECEDENCE + 100 (-2147483548), outside transactions, retries and
	 * caching, so a tracked duration includes them.
	 */
	private int aspectOrder = TrackedAspect.DEFAULT_ORDER;

	/**
	 * At most one slow-call warning per tracked method in this interval.
	 */
	private Duration slowCallLogInterval = Duration.ofMinutes(1);

	/**
	 * Whether slow-call warnings include argument values. Off by default, as arguments may
	 * hold personal data.
	 */
	private boolean logArguments = false;

	/**
	 * Distinct values per @TrackedTag parameter of a method; further values are recorded
	 * as "other".
	 */
	private int maxArgumentTagValues = 20;

	/**
	 * Whether tracked timers publish a percentile histogram, which gives the performance
	 * report (and Prometheus) its p50, p95 and p99.
	 */
	private boolean percentileHistogram = false;

	private final Profiling profiling = new Profiling();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getAspectOrder() {
		return this.aspectOrder;
	}

	public void setAspectOrder(int aspectOrder) {
		this.aspectOrder = aspectOrder;
	}

	public Duration getSlowCallLogInterval() {
		return this.slowCallLogInterval;
	}

	public void setSlowCallLogInterval(Duration slowCallLogInterval) {
		this.slowCallLogInterval = slowCallLogInterval;
	}

	public boolean isLogArguments() {
		return this.logArguments;
	}

	public void setLogArguments(boolean logArguments) {
		this.logArguments = logArguments;
	}

	public int getMaxArgumentTagValues() {
		return this.maxArgumentTagValues;
	}

	public void setMaxArgumentTagValues(int maxArgumentTagValues) {
		this.maxArgumentTagValues = maxArgumentTagValues;
	}

	public boolean isPercentileHistogram() {
		return this.percentileHistogram;
	}

	public void setPercentileHistogram(boolean percentileHistogram) {
		this.percentileHistogram = percentileHistogram;
	}

	public Profiling getProfiling() {
		return this.profiling;
	}

	/**
	 * JFR profiling through the performance tracker.
	 */
	public static class Profiling {

		/**
		 * Whether the performance tracker may record JFR profiles.
		 */
		private boolean enabled = true;

		/**
		 * Directory of the recordings. Defaults to "bduf-metrics-profiles" in the system's
		 * temporary directory.
		 */
		private @Nullable Path directory;

		/**
		 * Longest recording; longer requests are cut to it.
		 */
		private Duration maxDuration = Duration.ofMinutes(5);

		/**
		 * Most data a recording may hold; older data is dropped beyond it.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(64);

		/**
		 * Recordings this application keeps; beyond it, the oldest it wrote are deleted
		 * (never other files in the directory).
		 */
		private int maxFiles = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public int getMaxFiles() {
			return this.maxFiles;
		}

		public void setMaxFiles(int maxFiles) {
			this.maxFiles = maxFiles;
		}

	}

}
