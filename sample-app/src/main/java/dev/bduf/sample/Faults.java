package dev.bduf.sample;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Decides which calls of the sample's services are slow or fail: a few outside a spike
 * ({@code sample.faults.slow-ratio}, {@code failure-ratio}), and during a spike every call
 * is slower by {@code spike-latency-factor} and many fail ({@code spike-failure-ratio}),
 * so that latency and error-rate alerts and the anomaly detector have something to catch.
 */
@Component
public class Faults {

	private static final Log logger = LogFactory.getLog(Faults.class);

	private final SampleProperties.Faults properties;

	private final AtomicLong spikeUntil = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong spikes = new AtomicLong();

	/**
	 * Create the faults of the given settings.
	 * @param properties the sample's properties
	 */
	public Faults(SampleProperties properties) {
		this.properties = properties.getFaults();
	}

	/**
	 * Start a spike now, or make the running one last until {@code duration} from now.
	 * @param duration how long it lasts
	 */
	public void spike(Duration duration) {
		long until = System.nanoTime() + duration.toNanos();
		this.spikeUntil.accumulateAndGet(until, (current, next) -> spiking(current) ? Math.max(current, next) : next);
		this.spikes.incrementAndGet();
		logger.info("Spike: latency x" + this.properties.getSpikeLatencyFactor() + ", "
				+ (int) (this.properties.getSpikeFailureRatio() * 100) + "% of calls failing, for " + duration);
	}

	/**
	 * Whether a spike is going on.
	 * @return whether calls are slowed and failing
	 */
	public boolean spiking() {
		return spiking(this.spikeUntil.get());
	}

	private static boolean spiking(long until) {
		return until != Long.MIN_VALUE && System.nanoTime() - until < 0;
	}

	/**
	 * How many spikes were started.
	 * @return the count
	 */
	public long spikes() {
		return this.spikes.get();
	}

	/**
	 * The latency a call should take: its base latency, plus the slow-call latency for a
	 * few calls, times the spike factor during a spike.
	 * @param baseMillis the call's normal latency
	 * @return the latency in milliseconds
	 */
	public long latencyMillis(long baseMillis) {
		long millis = baseMillis;
		if (ThreadLocalRandom.current().nextDouble() < this.properties.getSlowRatio()) {
			millis += this.properties.getSlowLatency().toMillis();
		}
		if (spiking()) {
			millis = (long) (millis * this.properties.getSpikeLatencyFactor());
		}
		return millis;
	}

	/**
	 * Whether a call should fail.
	 * @return {@code true} for a call to fail
	 */
	public boolean fails() {
		double ratio = spiking() ? this.properties.getSpikeFailureRatio() : this.properties.getFailureRatio();
		return ThreadLocalRandom.current().nextDouble() < ratio;
	}

	/**
	 * Sleep for a call's latency.
	 * @param baseMillis the call's normal latency
	 */
	public void delay(long baseMillis) {
		long millis = latencyMillis(baseMillis);
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
