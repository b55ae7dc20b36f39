package dev.bduf.metrics.storage.file;

import java.nio.file.Path;

/**
 * One segment file: its place in the sequence, the time range of its records and the
 * bytes that hold complete records. Written by the log's appending thread, read by any.
 */
final class Segment {

	final Path path;

	final long sequence;

	final long start;

	private volatile long size;

	private volatile long records;

	private volatile long minTimestamp;

	private volatile long maxTimestamp;

	Segment(Path path, long sequence, long start, long size, long records, long minTimestamp, long maxTimestamp) {
		this.path = path;
		this.sequence = sequence;
		this.start = start;
		this.size = size;
		this.records = records;
		this.minTimestamp = minTimestamp;
		this.maxTimestamp = maxTimestamp;
	}

	long size() {
		return this.size;
	}

	long records() {
		return this.records;
	}

	/**
	 * Newest time the segment covers: its newest record, or its start when empty.
	 */
	long end() {
		return (this.records > 0) ? Math.max(this.start, this.maxTimestamp) : this.start;
	}

	boolean overlaps(long from, long to) {
		return this.records > 0 && this.maxTimestamp >= from && this.minTimestamp < to;
	}

	/**
	 * Account for a record that was written completely; the size is published last so a
	 * reader that sees it also sees the record's bytes.
	 */
	void appended(long timestamp, long frameSize) {
		this.minTimestamp = Math.min(this.minTimestamp, timestamp);
		this.maxTimestamp = Math.max(this.maxTimestamp, timestamp);
		this.records = this.records + 1;
		this.size = this.size + frameSize;
	}

}
