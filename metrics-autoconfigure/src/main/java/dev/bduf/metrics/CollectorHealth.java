package dev.bduf.metrics;

import java.util.List;

/**
 * Health of the collector itself, over the last health window.
 *
 * @param status {@code UP}, or {@code DEGRADED} when a ratio is over its threshold
 * @param reasons why the collector is degraded, empty when up
 * @param attempts recordings attempted in the window
 * @param rejectionRatio rejected recordings over attempted ones in the window
 * @param registryErrorRatio recordings the registry failed over attempted ones
 */
public record CollectorHealth(Status status, List<String> reasons, long attempts, double rejectionRatio,
		double registryErrorRatio) {

	public CollectorHealth {
		reasons = List.copyOf(reasons);
	}

	/**
	 * The collector's status.
	 */
	public enum Status {

		/** Recording normally. */
		UP,

		/** Recording, but losing a share of the recordings: metrics may be incomplete. */
		DEGRADED

	}

}
