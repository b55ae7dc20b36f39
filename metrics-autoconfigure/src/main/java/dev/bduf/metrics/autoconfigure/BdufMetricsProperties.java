package dev.bduf.metrics.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of BDUF Metrics.
 */
@ConfigurationProperties("bduf.metrics")
public class BdufMetricsProperties {

	/**
	 * Whether BDUF Metrics is enabled. When false, no collector, aspect, endpoint or
	 * health component is created.
	 */
	private boolean enabled = true;

	/**
	 * Value of the "service" tag on every meter. Defaults to spring.application.name,
	 * then "application".
	 */
	private @Nullable String serviceName;

	/**
	 * Value of the "version" tag on every meter. Defaults to the build-info version,
	 * then "unknown".
	 */
	private @Nullable String version;

	/**
	 * Value of the "environment" tag on every meter. Defaults to the active profiles,
	 * joined with ",", then "default".
	 */
	private @Nullable String environment;

	/**
	 * Value of the "instance_id" tag on every meter. Defaults to the host name and the
	 * lowest slot number free among the service's running processes on the host, as
	 * "web-01-0": stable across restarts and distinct per process.
	 */
	private @Nullable String instanceId;

	/**
	 * Names, or globs with '*' and '?', of counters that go up and down. They are
	 * exported as gauges and take both increment and decrement.
	 */
	private List<String> upDownCounters = new ArrayList<>();

	/**
	 * At most one log line per rejection reason in this interval; the line counts what
	 * was rejected in between.
	 */
	private Duration rejectionLogInterval = Duration.ofMinutes(1);

	private final DefaultTags defaultTags = new DefaultTags();

	private final Cardinality cardinality = new Cardinality();

	private final Timers timers = new Timers();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable String version) {
		this.version = version;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public List<String> getUpDownCounters() {
		return this.upDownCounters;
	}

	public void setUpDownCounters(List<String> upDownCounters) {
		this.upDownCounters = upDownCounters;
	}

	public Duration getRejectionLogInterval() {
		return this.rejectionLogInterval;
	}

	public void setRejectionLogInterval(Duration rejectionLogInterval) {
		this.rejectionLogInterval = rejectionLogInterval;
	}

	public DefaultTags getDefaultTags() {
		return this.defaultTags;
	}

	public Cardinality getCardinality() {
		return this.cardinality;
	}

	public Timers getTimers() {
		return this.timers;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * The tags added to every meter of the application. A meter's own tag with the same
	 * key wins, and so does a tag set with management.metrics.tags.*.
	 */
	public static class DefaultTags {

		/**
		 * The "service" tag.
		 */
		private final DefaultTag service = new DefaultTag();

		/**
		 * The "version" tag.
		 */
		private final DefaultTag version = new DefaultTag();

		/**
		 * The "environment" tag.
		 */
		private final DefaultTag environment = new DefaultTag();

		/**
		 * The "instance_id" tag.
		 */
		private final DefaultTag instanceId = new DefaultTag();

		public DefaultTag getService() {
			return this.service;
		}

		public DefaultTag getVersion() {
			return this.version;
		}

		public DefaultTag getEnvironment() {
			return this.environment;
		}

		public DefaultTag getInstanceId() {
			return this.instanceId;
		}

	}

	/**
	 * One default tag.
	 */
	public static class DefaultTag {

		/**
		 * Whether the tag is added to every meter.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Limits that keep a bad tag or name from exhausting the heap.
	 */
	public static class Cardinality {

		/**
		 * Series per metric name. Values for further tag sets go to the name's one
		 * overflow series (every tag valued "_overflow_"), existing series keep counting,
		 * and the dropped tag sets are counted in the collector endpoint.
		 */
		private int maxSeriesPerName = 1000;

		/**
		 * Distinct metric names. Recordings of further names are rejected and counted.
		 */
		private int maxNames = 10_000;

		/**
		 * Whether every series of a name must carry the same tag keys, a call with other
		 * keys being rejected (TAG_KEYS_MISMATCH). Unset: required when the registry
		 * includes Micrometer's Prometheus registry before 1.17 (Spring Boot 4.0), which
		 * drops such series from the scrape; not required with Micrometer 1.17 (Spring
		 * Boot 4.1) or without a Prometheus registry.
		 */
		private @Nullable Boolean consistentTagKeys;

		public @Nullable Boolean getConsistentTagKeys() {
			return this.consistentTagKeys;
		}

		public void setConsistentTagKeys(@Nullable Boolean consistentTagKeys) {
			this.consistentTagKeys = consistentTagKeys;
		}

		public int getMaxSeriesPerName() {
			return this.maxSeriesPerName;
		}

		public void setMaxSeriesPerName(int maxSeriesPerName) {
			this.maxSeriesPerName = maxSeriesPerName;
		}

		public int getMaxNames() {
			return this.maxNames;
		}

		public void setMaxNames(int maxNames) {
			this.maxNames = maxNames;
		}

	}

	/**
	 * Timer handles started with MetricsCollector.timer(name).
	 */
	public static class Timers {

		/**
		 * Whether a timer stopped on the thread that started it also records the thread's
		 * CPU time as "<name>.cpu".
		 */
		private boolean trackCpu;

		/**
		 * Whether a timer stopped on the thread that started it also records the bytes
		 * the thread allocated as "<name>.allocated".
		 */
		private boolean trackAllocation;

		public boolean isTrackCpu() {
			return this.trackCpu;
		}

		public void setTrackCpu(boolean trackCpu) {
			this.trackCpu = trackCpu;
		}

		public boolean isTrackAllocation() {
			return this.trackAllocation;
		}

		public void setTrackAllocation(boolean trackAllocation) {
			this.trackAllocation = trackAllocation;
		}

	}

	/**
	 * The "metricsCollector" health component.
	 */
	public static class Health {

		/**
		 * Share of recordings rejected (bad input) in the window above which the
		 * collector reports DEGRADED.
		 */
		private double maxRejectionRatio = 0.05;

		/**
		 * Share of recordings that failed in the meter registry in the window above
		 * which the collector reports DEGRADED.
		 */
		private double maxRegistryErrorRatio = 0.01;

		/**
		 * Window the ratios are measured over.
		 */
		private Duration window = Duration.ofMinutes(5);

		/**
		 * Recordings the window must hold before the ratios are judged.
		 */
		private long minAttempts = 100;

		/**
		 * Whether a DEGRADED collector also makes the application's aggregate health
		 * DEGRADED. When true, DEGRADED is added to
		 * management.endpoint.health.status.order (unless that is set); when false, the
		 * metricsCollector component reports DEGRADED on its own and the aggregate
		 * ignores it. Read once, at startup.
		 */
		private boolean includeInAggregate;

		public double getMaxRejectionRatio() {
			return this.maxRejectionRatio;
		}

		public void setMaxRejectionRatio(double maxRejectionRatio) {
			this.maxRejectionRatio = maxRejectionRatio;
		}

		public double getMaxRegistryErrorRatio() {
			return this.maxRegistryErrorRatio;
		}

		public void setMaxRegistryErrorRatio(double maxRegistryErrorRatio) {
			this.maxRegistryErrorRatio = maxRegistryErrorRatio;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public long getMinAttempts() {
			return this.minAttempts;
		}

		public void setMinAttempts(long minAttempts) {
			this.minAttempts = minAttempts;
		}

		public boolean isIncludeInAggregate() {
			return this.includeInAggregate;
		}

		public void setIncludeInAggregate(boolean includeInAggregate) {
			this.includeInAggregate = includeInAggregate;
		}

	}

}
