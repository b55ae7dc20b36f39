package dev.bduf.metrics.storage.redis;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the Redis backend reports about itself.
 *
 * @param keyPrefix the key prefix
 * @param instance this instance's id
 * @param connected whether the last write or read reached Redis
 * @param buffered snapshots waiting to be written
 * @param bufferSize the buffer's bound
 * @param dropped snapshots dropped because the buffer was full (the oldest go first)
 * @param written snapshots written
 * @param failedWrites write attempts (batches) that failed
 * @param readErrors reads that failed
 * @param lastError the last failure
 * @param lastErrorTime when it happened
 * @param lastWriteTime when a batch was last written
 * @param lag age of the oldest buffered snapshot; zero when the buffer is empty
 */
public record RedisStorageState(String keyPrefix, String instance, boolean connected, int buffered, int bufferSize,
		long dropped, long written, long failedWrites, long readErrors, @Nullable String lastError,
		@Nullable Instant lastErrorTime, @Nullable Instant lastWriteTime, Duration lag) {

	/**
	 * Whether snapshots are waiting or being lost: Redis is unreachable.
	 * @return true when the last attempt failed
	 */
	public boolean degraded() {
		return !this.connected;
	}

}
