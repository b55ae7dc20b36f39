package dev.bduf.metrics.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The state of a {@link MetricsStorage} backend, for the health indicator and the
 * collector endpoint.
 *
 * @param backend the backend's name
 * @param lastWrite when a snapshot was last stored successfully, {@code null} if never
 * @param written snapshots stored since start
 * @param buffered snapshots accepted but not yet stored
 * @param dropped snapshots dropped since start (buffer full, or a failed write)
 * @param lag how far the stored history is behind the newest accepted snapshot
 * @param lastError the message of the failure the backend is in now (Redis unreachable, a
 * directory that cannot be written), {@code null} while it works
 */
public record StorageState(String backend, @Nullable Instant lastWrite, long written, long buffered, long dropped,
		Duration lag, @Nullable String lastError) {

	/**
	 * Validate.
	 * @param backend the backend's name
	 * @param lastWrite last successful write or {@code null}
	 * @param written snapshots stored
	 * @param buffered snapshots buffered
	 * @param dropped snapshots dropped
	 * @param lag the lag
	 * @param lastError the last error or {@code null}
	 */
	public StorageState {
		Objects.requireNonNull(backend, "backend");
		Objects.requireNonNull(lag, "lag");
	}

	/**
	 * Whether the backend is failing now: snapshots wait in its buffer or are lost until it
	 * recovers. The health component reports the storage as degraded meanwhile, and up
	 * again once it recovers (past drops stay counted in {@link #dropped()}).
	 * @return {@code true} while {@link #lastError()} is set
	 */
	public boolean failing() {
		return this.lastError != null;
	}

	/**
	 * Whether the backend has kept up since start: nothing dropped and no error now.
	 * @return {@code true} when healthy
	 */
	public boolean healthy() {
		return this.dropped == 0 && this.lastError == null;
	}

}
