package dev.bduf.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the sample's load generator ({@code sample.load.*}) and of the faults
 * its services inject ({@code sample.faults.*}).
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	private final Load load = new Load();

	private final Faults faults = new Faults();

	/**
	 * The load generator's settings.
	 * @return the settings
	 */
	public Load getLoad() {
		return this.load;
	}

	/**
	 * The injected faults' settings.
	 * @return the settings
	 */
	public Faults getFaults() {
		return this.faults;
	}

	/**
	 * The built-in load generator.
	 */
	public static class Load {

		/**
		 * Whether the load generator starts with the application.
		 */
		private boolean enabled = true;

		/**
		 * Actions per second the generator starts (plans, analyses, project views).
		 */
		private double rate = 20;

		/**
		 * How long the generator runs before it stops by itself.
		 */
		private Duration duration = Duration.ofMinutes(10);

		/**
		 * Worker threads that run the actions; an action that finds them all busy and the
		 * queue full is skipped and counted.
		 */
		private int threads = 4;

		/**
		 * Actions that may wait for a worker thread.
		 */
		private int queueSize = 100;

		/**
		 * When the generator injects a spike (latency and error-rate burst), counted from
		 * its start; 0 for no automatic spike.
		 */
		private Duration spikeAfter = Duration.ofMinutes(2);

		/**
		 * How long a spike lasts, the automatic one and one triggered without a duration.
		 */
		private Duration spikeDuration = Duration.ofSeconds(30);

		/**
		 * Whether the load generator starts with the application.
		 * @return whether it starts
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the load generator starts with the application.
		 * @param enabled whether it starts
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Actions per second.
		 * @return the rate
		 */
		public double getRate() {
			return this.rate;
		}

		/**
		 * Set the actions per second.
		 * @param rate the rate, more than 0 and at most 10,000
		 */
		public void setRate(double rate) {
			if (!(rate > 0 && rate <= 10_000)) {
				throw new IllegalArgumentException("sample.load.rate must be more than 0 and at most 10000, was " + rate);
			}
			this.rate = rate;
		}

		/**
		 * How long the generator runs.
		 * @return the duration
		 */
		public Duration getDuration() {
			return this.duration;
		}

		/**
		 * Set how long the generator runs.
		 * @param duration a positive duration
		 */
		public void setDuration(Duration duration) {
			this.duration = positive("sample.load.duration", duration);
		}

		/**
		 * Worker threads.
		 * @return the thread count
		 */
		public int getThreads() {
			return this.threads;
		}

		/**
		 * Set the worker threads.
		 * @param threads 1 to 64
		 */
		public void setThreads(int threads) {
			if (threads < 1 || threads > 64) {
				throw new IllegalArgumentException("sample.load.threads must be between 1 and 64, was " + threads);
			}
			this.threads = threads;
		}

		/**
		 * Actions that may wait for a worker.
		 * @return the queue size
		 */
		public int getQueueSize() {
			return this.queueSize;
		}

		/**
		 * Set how many actions may wait for a worker.
		 * @param queueSize 1 to 100,000
		 */
		public void setQueueSize(int queueSize) {
			if (queueSize < 1 || queueSize > 100_000) {
				throw new IllegalArgumentException("sample.load.queue-size must be between 1 and 100000, was " + queueSize);
			}
			this.queueSize = queueSize;
		}

		/**
		 * When the automatic spike starts.
		 * @return the delay from the generator's start, {@link Duration#ZERO} for none
		 */
		public Duration getSpikeAfter() {
			return this.spikeAfter;
		}

		/**
		 * Set when the automatic spike starts.
		 * @param spikeAfter the delay from the generator's start, 0 for none
		 */
		public void setSpikeAfter(Duration spikeAfter) {
			if (spikeAfter == null || spikeAfter.isNegative()) {
				throw new IllegalArgumentException("sample.load.spike-after must not be negative, was " + spikeAfter);
			}
			this.spikeAfter = spikeAfter;
		}

		/**
		 * How long a spike lasts.
		 * @return the duration
		 */
		public Duration getSpikeDuration() {
			return this.spikeDuration;
		}

		/**
		 * Set how long a spike lasts.
		 * @param spikeDuration a positive duration
		 */
		public void setSpikeDuration(Duration spikeDuration) {
			this.spikeDuration = positive("sample.load.spike-duration", spikeDuration);
		}

	}

	/**
	 * Faults the services inject into their own calls, so that the metrics have slow
	 * calls, failures and a spike to show.
	 */
	public static class Faults {

		/**
		 * Share of calls that are slow, outside a spike.
		 */
		private double slowRatio = 0.02;

		/**
		 * Extra latency of a slow call.
		 */
		private Duration slowLatency = Duration.ofMillis(400);

		/**
		 * Share of calls that fail, outside a spike.
		 */
		private double failureRatio = 0.02;

		/**
		 * Factor by which a spike multiplies every call's latency.
		 */
		private double spikeLatencyFactor = 8;

		/**
		 * Share of calls that fail during a spike.
		 */
		private double spikeFailureRatio = 0.35;

		/**
		 * Share of slow calls.
		 * @return the ratio
		 */
		public double getSlowRatio() {
			return this.slowRatio;
		}

		/**
		 * Set the share of slow calls.
		 * @param slowRatio 0 to 1
		 */
		public void setSlowRatio(double slowRatio) {
			this.slowRatio = ratio("sample.faults.slow-ratio", slowRatio);
		}

		/**
		 * Extra latency of a slow call.
		 * @return the latency
		 */
		public Duration getSlowLatency() {
			return this.slowLatency;
		}

		/**
		 * Set the extra latency of a slow call.
		 * @param slowLatency at most 10 seconds
		 */
		public void setSlowLatency(Duration slowLatency) {
			if (slowLatency.isNegative() || slowLatency.compareTo(Duration.ofSeconds(10)) > 0) {
				throw new IllegalArgumentException("sample.faults.slow-latency must be between 0 and 10s, was " + slowLatency);
			}
			this.slowLatency = slowLatency;
		}

		/**
		 * Share of failing calls.
		 * @return the ratio
		 */
		public double getFailureRatio() {
			return this.failureRatio;
		}

		/**
		 * Set the share of failing calls.
		 * @param failureRatio 0 to 1
		 */
		public void setFailureRatio(double failureRatio) {
			this.failureRatio = ratio("sample.faults.failure-ratio", failureRatio);
		}

		/**
		 * Latency factor of a spike.
		 * @return the factor
		 */
		public double getSpikeLatencyFactor() {
			return this.spikeLatencyFactor;
		}

		/**
		 * Set the latency factor of a spike.
		 * @param spikeLatencyFactor 1 to 100
		 */
		public void setSpikeLatencyFactor(double spikeLatencyFactor) {
			if (!(spikeLatencyFactor >= 1 && spikeLatencyFactor <= 100)) {
				throw new IllegalArgumentException(
						"sample.faults.spike-latency-factor must be between 1 and 100, was " + spikeLatencyFactor);
			}
			this.spikeLatencyFactor = spikeLatencyFactor;
		}

		/**
		 * Share of failing calls during a spike.
		 * @return the ratio
		 */
		public double getSpikeFailureRatio() {
			return this.spikeFailureRatio;
		}

		/**
		 * Set the share of failing calls during a spike.
		 * @param spikeFailureRatio 0 to 1
		 */
		public void setSpikeFailureRatio(double spikeFailureRatio) {
			this.spikeFailureRatio = ratio("sample.faults.spike-failure-ratio", spikeFailureRatio);
		}

	}

	private static Duration positive(String name, Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
		return duration;
	}

	private static double ratio(String name, double ratio) {
		if (!(ratio >= 0 && ratio <= 1)) {
			throw new IllegalArgumentException(name + " must be between 0 and 1, was " + ratio);
		}
		return ratio;
	}

}
