package dev.bduf.metrics.storage.redis;

import java.util.Objects;

/**
 * One snapshot read back from Redis.
 *
 * @param instance the instance that wrote it
 * @param resolution its rollup
 * @param bucket epoch milliseconds of the step it covers
 * @param payload the encoded snapshot
 */
public record RedisEntry(String instance, String resolution, long bucket, byte[] payload) {

	/**
	 * Validate.
	 */
	public RedisEntry {
		Objects.requireNonNull(instance, "instance");
		Objects.requireNonNull(resolution, "resolution");
		Objects.requireNonNull(payload, "payload");
	}

}
