package dev.bduf.metrics.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a {@link StreamHub}.
 *
 * @param minInterval the shortest interval a stream gets; shorter requests are raised to
 * it
 * @param queueSize updates each subscriber's queue holds before it drops the oldest
 * @param maxSubscribers open streams at most; more are refused
 * @param heartbeat how often an idle SSE stream sends a comment
 * @param replaySize recent updates kept for clients that reconnect with
 * {@code Last-Event-ID}
 */
public record StreamSettings(Duration minInterval, int queueSize, int maxSubscribers, Duration heartbeat,
		int replaySize) {

	/**
	 * Validate.
	 * @param minInterval the shortest interval, positive
	 * @param queueSize the queue size, positive
	 * @param maxSubscribers the cap, not negative
	 * @param heartbeat the heartbeat period, positive
	 * @param replaySize the replay buffer size, not negative
	 */
	public StreamSettings {
		Objects.requireNonNull(minInterval, "minInterval");
		Objects.requireNonNull(heartbeat, "heartbeat");
		if (minInterval.isNegative() || minInterval.isZero()) {
			throw new IllegalArgumentException("min-interval must be positive, got " + minInterval);
		}
		if (heartbeat.isNegative() || heartbeat.isZero()) {
			throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
		}
		if (queueSize < 1) {
			throw new IllegalArgumentException("queue-size must be positive, got " + queueSize);
		}
		if (maxSubscribers < 0) {
			throw new IllegalArgumentException("max-subscribers must not be negative, got " + maxSubscribers);
		}
		if (replaySize < 0) {
			throw new IllegalArgumentException("replay-size must not be negative, got " + replaySize);
		}
	}

	/**
	 * The defaults: one second, 64 updates, 100 subscribers, 15 seconds, 64 updates.
	 * @return the defaults
	 */
	public static StreamSettings defaults() {
		return new StreamSettings(Duration.ofSeconds(1), 64, 100, Duration.ofSeconds(15), 64);
	}

}
