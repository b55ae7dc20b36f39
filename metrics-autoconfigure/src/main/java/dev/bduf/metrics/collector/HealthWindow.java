package dev.bduf.metrics.collector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bduf.metrics.CollectorHealth;

/**
 * Judges the collector's health over a sliding window: it keeps cumulative samples of
 * attempted, rejected and failed recordings, taken whenever health is asked for (at most
 * ten per window), and compares the newest with the oldest one still within reach of the
 * window. Only health checks touch it, never the hot path.
 */
final class HealthWindow {

	private record Sample(long time, long attempts, long rejected, long registryErrors) {
	}

	private final ArrayDeque<Sample> samples = new ArrayDeque<>();

	private final long windowNanos;

	private final long minAttempts;

	private final double maxRejectionRatio;

	private final double maxRegistryErrorRatio;

	HealthWindow(long startNanos, long windowNanos, long minAttempts, double maxRejectionRatio,
			double maxRegistryErrorRatio) {
		this.windowNanos = windowNanos;
		this.minAttempts = minAttempts;
		this.maxRejectionRatio = maxRejectionRatio;
		this.maxRegistryErrorRatio = maxRegistryErrorRatio;
		this.samples.add(new Sample(startNanos, 0, 0, 0));
	}

	synchronized void sample(long now, long attempts, long rejected, long registryErrors) {
		if (now - this.samples.getLast().time() >= this.windowNanos / 10) {
			this.samples.addLast(new Sample(now, attempts, rejected, registryErrors));
		}
		while (this.samples.size() > 1 && now - secondOldest().time() >= this.windowNanos) {
			this.samples.removeFirst();
		}
	}

	synchronized CollectorHealth evaluate(long now, long attempts, long rejected, long registryErrors) {
		sample(now, attempts, rejected, registryErrors);
		Sample base = this.samples.getFirst();
		long windowAttempts = attempts - base.attempts();
		double rejectionRatio = ratio(rejected - base.rejected(), windowAttempts);
		double errorRatio = ratio(registryErrors - base.registryErrors(), windowAttempts);
		List<String> reasons = new ArrayList<>();
		if (windowAttempts >= this.minAttempts) {
			if (errorRatio > this.maxRegistryErrorRatio) {
				reasons.add(String.format(Locale.ROOT,
						"%.1f%% of recordings failed in the meter registry (threshold %.1f%%, bduf.metrics.health.max-registry-error-ratio)",
						errorRatio * 100, this.maxRegistryErrorRatio * 100));
			}
			if (rejectionRatio > this.maxRejectionRatio) {
				reasons.add(String.format(Locale.ROOT,
						"%.1f%% of recordings were rejected (threshold %.1f%%, bduf.metrics.health.max-rejection-ratio); see the collector endpoint for the reasons",
						rejectionRatio * 100, this.maxRejectionRatio * 100));
			}
		}
		CollectorHealth.Status status = reasons.isEmpty() ? CollectorHealth.Status.UP
				: CollectorHealth.Status.DEGRADED;
		return new CollectorHealth(status, reasons, windowAttempts, rejectionRatio, errorRatio);
	}

	private Sample secondOldest() {
		var iterator = this.samples.iterator();
		iterator.next();
		return iterator.next();
	}

	private static double ratio(long part, long whole) {
		return (whole > 0) ? (double) part / whole : 0;
	}

}
