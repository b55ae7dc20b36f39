package dev.bduf.metrics.storage.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link SegmentLog}.
 *
 * @param directory where the segment files live; created when missing
 * @param fsync when appends are forced to the disk
 * @param fsyncInterval how often {@link FsyncPolicy#INTERVAL} forces
 * @param maxSegmentSize bytes after which a segment is sealed and a new one started
 * @param segmentDuration time span of records after which a segment is sealed
 * @param retention segments whose newest record is older than this are deleted
 * @param maxRecordSize largest payload accepted; a frame that claims more is corrupt
 * @param retryInterval how long a failed directory or segment is left alone before it is
 * tried again; writes in between are dropped and counted
 */
public record FileStorageOptions(Path directory, FsyncPolicy fsync, Duration fsyncInterval, long maxSegmentSize,
		Duration segmentDuration, Duration retention, int maxRecordSize, Duration retryInterval) {

	/** Default largest payload: 16 MiB. */
	public static final int DEFAULT_MAX_RECORD_SIZE = 16 * 1024 * 1024;

	/**
	 * Validate the settings.
	 */
	public FileStorageOptions {
		Objects.requireNonNull(directory, "directory");
		Objects.requireNonNull(fsync, "fsync");
		requirePositive(fsyncInterval, "fsyncInterval");
		requirePositive(segmentDuration, "segmentDuration");
		requirePositive(retention, "retention");
		Objects.requireNonNull(retryInterval, "retryInterval");
		if (retryInterval.isNegative()) {
			throw new IllegalArgumentException("retryInterval must not be negative");
		}
		if (maxSegmentSize < SegmentFormat.HEADER_SIZE + SegmentFormat.FRAME_OVERHEAD) {
			throw new IllegalArgumentException("maxSegmentSize is too small: " + maxSegmentSize);
		}
		if (maxRecordSize < 1) {
			throw new IllegalArgumentException("maxRecordSize must be positive");
		}
	}

	/**
	 * Defaults for a directory: fsync every second, 64 MiB or one hour per segment,
	 * seven days of retention.
	 * @param directory where the segment files live
	 * @return the options
	 */
	public static FileStorageOptions defaults(Path directory) {
		return new FileStorageOptions(directory, FsyncPolicy.INTERVAL, Duration.ofSeconds(1), 64L * 1024 * 1024,
				Duration.ofHours(1), Duration.ofDays(7), DEFAULT_MAX_RECORD_SIZE, Duration.ofSeconds(30));
	}

	/**
	 * A copy with another fsync policy.
	 * @param fsync the policy
	 * @return the copy
	 */
	public FileStorageOptions withFsync(FsyncPolicy fsync) {
		return new FileStorageOptions(this.directory, fsync, this.fsyncInterval, this.maxSegmentSize,
				this.segmentDuration, this.retention, this.maxRecordSize, this.retryInterval);
	}

	/**
	 * A copy with other roll limits.
	 * @param maxSegmentSize bytes per segment
	 * @param segmentDuration time span per segment
	 * @return the copy
	 */
	public FileStorageOptions withSegments(long maxSegmentSize, Duration segmentDuration) {
		return new FileStorageOptions(this.directory, this.fsync, this.fsyncInterval, maxSegmentSize, segmentDuration,
				this.retention, this.maxRecordSize, this.retryInterval);
	}

	/**
	 * A copy with another retention.
	 * @param retention how long records are kept
	 * @return the copy
	 */
	public FileStorageOptions withRetention(Duration retention) {
		return new FileStorageOptions(this.directory, this.fsync, this.fsyncInterval, this.maxSegmentSize,
				this.segmentDuration, retention, this.maxRecordSize, this.retryInterval);
	}

	/**
	 * A copy with another retry interval.
	 * @param retryInterval how long a failure is left alone
	 * @return the copy
	 */
	public FileStorageOptions withRetryInterval(Duration retryInterval) {
		return new FileStorageOptions(this.directory, this.fsync, this.fsyncInterval, this.maxSegmentSize,
				this.segmentDuration, this.retention, this.maxRecordSize, retryInterval);
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
