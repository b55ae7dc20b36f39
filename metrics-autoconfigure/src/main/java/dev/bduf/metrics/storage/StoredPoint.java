package dev.bduf.metrics.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.bduf.metrics.history.SeriesPoint;

/**
 * One point as read back from storage.
 *
 * @param start the start of the point's step
 * @param step the length of the step
 * @param instanceId the instance that wrote it
 * @param point the series and its values
 */
public record StoredPoint(Instant start, Duration step, String instanceId, SeriesPoint point) {

	/**
	 * Validate.
	 * @param start the step start
	 * @param step the step
	 * @param instanceId the instance
	 * @param point the point
	 */
	public StoredPoint {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(step, "step");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(point, "point");
	}

}
