package dev.bduf.metrics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The values of every meter of one instance over one step, or over one rollup period.
 * This is what the recorder hands to storage, reporters and live streams, and what
 * persistent backends store (through {@link dev.bduf.metrics.storage.SnapshotCodec}).
 *
 * @param start the start of the step (inclusive)
 * @param step the length of the step
 * @param resolution {@link Resolution#RAW} for a recorder step, else the rollup
 * @param instanceId the {@code instance_id} of the application that took it
 * @param points one point per series
 */
public record StepSnapshot(Instant start, Duration step, Resolution resolution, String instanceId,
		List<SeriesPoint> points) {

	/**
	 * Validate and copy.
	 * @param start the start of the step (inclusive)
	 * @param step the length of the step, positive
	 * @param resolution the resolution
	 * @param instanceId the instance id, not blank
	 * @param points one point per series
	 */
	public StepSnapshot {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(step, "step");
		Objects.requireNonNull(resolution, "resolution");
		Objects.requireNonNull(instanceId, "instanceId");
		if (step.isNegative() || step.isZero()) {
			throw new IllegalArgumentException("step must be positive: " + step);
		}
		if (instanceId.isBlank()) {
			throw new IllegalArgumentException("instanceId must not be blank");
		}
		points = List.copyOf(points);
	}

	/**
	 * A raw recorder step.
	 * @param start the start of the step
	 * @param step the length of the step
	 * @param instanceId the instance id
	 * @param points one point per series
	 */
	public StepSnapshot(Instant start, Duration step, String instanceId, List<SeriesPoint> points) {
		this(start, step, Resolution.RAW, instanceId, points);
	}

	/**
	 * The end of the step (exclusive).
	 * @return {@code start + step}
	 */
	public Instant end() {
		return this.start.plus(this.step);
	}

}
