package dev.bduf.metrics.storage.file;

import java.util.Objects;

/**
 * A record read back from the file backend.
 *
 * @param timestamp epoch milliseconds the record was appended with
 * @param payload the bytes that were appended
 */
public record StoredRecord(long timestamp, byte[] payload) {

	/**
	 * Validate the record.
	 */
	public StoredRecord {
		Objects.requireNonNull(payload, "payload");
	}

}
