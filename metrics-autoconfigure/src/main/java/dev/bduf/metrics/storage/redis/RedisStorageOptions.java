package dev.bduf.metrics.storage.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link RedisSnapshotStore}.
 *
 * @param keyPrefix first part of every key
 * @param service the service this instance belongs to; instances of one service share an
 * index
 * @param instance this instance's id, for reports (records carry their own)
 * @param bufferSize snapshots held in memory while Redis cannot be written; beyond it the
 * oldest are dropped and counted
 * @param retention TTL per resolution
 * @param defaultRetention TTL of a resolution missing from {@code retention}
 * @param batchSize snapshots written per pipelined round trip
 * @param retryInterval wait after a failed write before the next attempt
 */
public record RedisStorageOptions(String keyPrefix, String service, String instance, int bufferSize,
		Map<String, Duration> retention, Duration defaultRetention, int batchSize, Duration retryInterval) {

	/**
	 * Validate and copy.
	 */
	public RedisStorageOptions {
		Objects.requireNonNull(keyPrefix, "keyPrefix");
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(instance, "instance");
		retention = Map.copyOf(retention);
		Objects.requireNonNull(defaultRetention, "defaultRetention");
		Objects.requireNonNull(retryInterval, "retryInterval");
		if (keyPrefix.isBlank() || service.isBlank() || instance.isBlank()) {
			throw new IllegalArgumentException("keyPrefix, service and instance must not be blank");
		}
		if (bufferSize < 1 || batchSize < 1) {
			throw new IllegalArgumentException("bufferSize and batchSize must be positive");
		}
		if (defaultRetention.toMillis() < 1 || retention.values().stream().anyMatch((ttl) -> ttl.toMillis() < 1)) {
			throw new IllegalArgumentException("retention must be at least one millisecond");
		}
		if (retryInterval.isNegative()) {
			throw new IllegalArgumentException("retryInterval must not be negative");
		}
	}

	/**
	 * Defaults: the rollups of the history (raw 1h, 1m 24h, 10m 30d), a buffer of 1000
	 * snapshots, batches of 100, one second between retries.
	 * @param keyPrefix first part of every key
	 * @param service the service
	 * @param instance this instance's id
	 * @return the options
	 */
	public static RedisStorageOptions defaults(String keyPrefix, String service, String instance) {
		return new RedisStorageOptions(keyPrefix, service, instance, 1000,
				Map.of("raw", Duration.ofHours(1), "1m", Duration.ofHours(24), "10m", Duration.ofDays(30)),
				Duration.ofDays(30), 100, Duration.ofSeconds(1));
	}

	/**
	 * A copy with another buffer size.
	 * @param bufferSize snapshots held while Redis is down
	 * @return the copy
	 */
	public RedisStorageOptions withBufferSize(int bufferSize) {
		return new RedisStorageOptions(this.keyPrefix, this.service, this.instance, bufferSize, this.retention,
				this.defaultRetention, this.batchSize, this.retryInterval);
	}

	/**
	 * A copy with another instance id.
	 * @param instance the instance
	 * @return the copy
	 */
	public RedisStorageOptions withInstance(String instance) {
		return new RedisStorageOptions(this.keyPrefix, this.service, instance, this.bufferSize, this.retention,
				this.defaultRetention, this.batchSize, this.retryInterval);
	}

	/**
	 * A copy with other retry and batch settings.
	 * @param batchSize snapshots per round trip
	 * @param retryInterval wait after a failure
	 * @return the copy
	 */
	public RedisStorageOptions withBatching(int batchSize, Duration retryInterval) {
		return new RedisStorageOptions(this.keyPrefix, this.service, this.instance, this.bufferSize, this.retention,
				this.defaultRetention, batchSize, retryInterval);
	}

	/**
	 * A copy with other TTLs.
	 * @param retention TTL per resolution
	 * @param defaultRetention TTL of other resolutions
	 * @return the copy
	 */
	public RedisStorageOptions withRetention(Map<String, Duration> retention, Duration defaultRetention) {
		return new RedisStorageOptions(this.keyPrefix, this.service, this.instance, this.bufferSize, retention,
				defaultRetention, this.batchSize, this.retryInterval);
	}

	/**
	 * The TTL of a resolution.
	 * @param resolution the resolution
	 * @return its TTL
	 */
	public Duration ttl(String resolution) {
		return this.retention.getOrDefault(resolution, this.defaultRetention);
	}

	/**
	 * The longest TTL, for how long an instance or name stays in the index unseen.
	 * @return the longest TTL
	 */
	public Duration maxTtl() {
		return this.retention.values().stream().reduce(this.defaultRetention, (a, b) -> (a.compareTo(b) >= 0) ? a : b);
	}

}
