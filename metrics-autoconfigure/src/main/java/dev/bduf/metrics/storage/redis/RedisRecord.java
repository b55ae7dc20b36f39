package dev.bduf.metrics.storage.redis;

import java.util.Objects;
import java.util.Set;

/**
 * One encoded snapshot to write to Redis.
 *
 * @param instance the instance that took the snapshot
 * @param resolution the rollup it belongs to ({@code raw}, {@code 1m}, ...); picks its TTL
 * @param bucket epoch milliseconds of the step it covers
 * @param payload the encoded snapshot
 * @param names metric names in it, for the name index
 */
public record RedisRecord(String instance, String resolution, long bucket, byte[] payload, Set<String> names) {

	/**
	 * Validate and copy.
	 */
	public RedisRecord {
		Objects.requireNonNull(instance, "instance");
		Objects.requireNonNull(resolution, "resolution");
		Objects.requireNonNull(payload, "payload");
		names = Set.copyOf(names);
		if (instance.isBlank() || resolution.isBlank()) {
			throw new IllegalArgumentException("instance and resolution must not be blank");
		}
	}

}
