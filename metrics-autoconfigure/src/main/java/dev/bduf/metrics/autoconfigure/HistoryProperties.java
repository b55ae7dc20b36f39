package dev.bduf.metrics.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the metric history.
 */
@ConfigurationProperties("bduf.metrics.history")
public class HistoryProperties {

	/**
	 * Whether a snapshot of every meter is recorded each step and kept as history.
	 */
	private boolean enabled = true;

	/**
	 * Length of one raw history step. Should divide one minute.
	 */
	private Duration step = Duration.ofSeconds(10);

	/**
	 * Relative accuracy of the quantile sketches that history keeps, on top of the
	 * error of the histogram buckets they are derived from.
	 */
	private double relativeAccuracy = 0.01;

	/**
	 * Whether timers and distribution summaries without a histogram get Micrometer's
	 * percentile-histogram buckets, from which history derives percentiles. Off by
	 * default: the buckets roughly double the cost of every recording and are exported
	 * too (about 70 _bucket series per timer series in a Prometheus scrape). Without
	 * them, history has percentiles for meters that publish a histogram themselves
	 * (management.metrics.distribution.percentiles-histogram.*).
	 */
	private boolean percentileHistograms = false;

	private final Retention retention = new Retention();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getStep() {
		return this.step;
	}

	public void setStep(Duration step) {
		this.step = step;
	}

	public double getRelativeAccuracy() {
		return this.relativeAccuracy;
	}

	public void setRelativeAccuracy(double relativeAccuracy) {
		this.relativeAccuracy = relativeAccuracy;
	}

	public boolean isPercentileHistograms() {
		return this.percentileHistograms;
	}

	public void setPercentileHistograms(boolean percentileHistograms) {
		this.percentileHistograms = percentileHistograms;
	}

	public Retention getRetention() {
		return this.retention;
	}

	/**
	 * How long each resolution of the history is kept.
	 */
	public static class Retention {

		/**
		 * How long raw steps are kept.
		 */
		private Duration raw = Duration.ofHours(1);

		/**
		 * How long one-minute rollups are kept.
		 */
		private Duration minute = Duration.ofHours(24);

		/**
		 * How long ten-minute rollups are kept.
		 */
		private Duration tenMinutes = Duration.ofDays(30);

		public Duration getRaw() {
			return this.raw;
		}

		public void setRaw(Duration raw) {
			this.raw = raw;
		}

		public Duration getMinute() {
			return this.minute;
		}

		public void setMinute(Duration minute) {
			this.minute = minute;
		}

		public Duration getTenMinutes() {
			return this.tenMinutes;
		}

		public void setTenMinutes(Duration tenMinutes) {
			this.tenMinutes = tenMinutes;
		}

	}

}
