package dev.bduf.metrics.storage.file;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the file backend reports about itself.
 *
 * @param directory the segment directory
 * @param fsync the fsync policy
 * @param writable whether the last write attempt (or opening, before any) succeeded
 * @param segments segment files held
 * @param bytes bytes of complete records and headers in them
 * @param records complete records in them
 * @param appended records appended since open
 * @param droppedWrites appends that failed or were refused while the directory failed
 * @param recoveredRecords complete records found on open
 * @param recoveryDroppedBytes bytes of torn or corrupt tails cut off on open
 * @param recoveryDroppedRecords records lost in those tails (the bad one and intact
 * ones after it)
 * @param recoveryProblems one line per segment whose tail was cut off, or whose header
 * was unreadable
 * @param deletedSegments segments deleted by retention since open
 * @param readErrors segment reads that failed
 * @param lastError the last write or open failure
 * @param lastErrorTime when it happened
 * @param lastWriteTime when a record was last appended
 */
public record FileStorageState(String directory, FsyncPolicy fsync, boolean writable, int segments, long bytes,
		long records, long appended, long droppedWrites, long recoveredRecords, long recoveryDroppedBytes,
		long recoveryDroppedRecords, List<String> recoveryProblems, long deletedSegments, long readErrors,
		@Nullable String lastError, @Nullable Instant lastErrorTime, @Nullable Instant lastWriteTime) {

	/**
	 * Copy the problems.
	 */
	public FileStorageState {
		recoveryProblems = List.copyOf(recoveryProblems);
	}

	/**
	 * Whether the backend is losing writes now.
	 * @return true when the last write failed
	 */
	public boolean degraded() {
		return !this.writable;
	}

}
