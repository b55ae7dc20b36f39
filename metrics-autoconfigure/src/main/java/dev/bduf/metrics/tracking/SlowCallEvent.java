package dev.bduf.metrics.tracking;

import java.time.Duration;
import java.time.Instant;

/**
 * Published as a Spring application event when a tracked call takes longer than its
 * {@link Tracked#threshold() threshold}. Listeners run on the calling thread unless the
 * application multicasts events asynchronously; an exception from a listener is logged
 * and never reaches the tracked call.
 *
 * @param name the meter name
 * @param className the {@code class} tag
 * @param methodName the {@code method} tag
 * @param duration how long the call took
 * @param threshold the threshold it exceeded
 * @param timestamp when the call finished
 */
public record SlowCallEvent(String name, String className, String methodName, Duration duration,
		Duration threshold, Instant timestamp) {

}
