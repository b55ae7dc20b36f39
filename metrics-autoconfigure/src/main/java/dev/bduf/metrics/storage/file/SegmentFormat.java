package dev.bduf.metrics.storage.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The on-disk layout of a segment file.
 * <p>
 * A segment starts with a 20-byte header: the magic {@code BDSG}, the format version
 * (an int, 1), the segment's start time (epoch milliseconds, a long; the timestamp of its
 * first record) and a CRC32C of those 16 bytes. Records follow, each framed as
 * <pre>
 * int  length    bytes of the body (8 + payload)
 * int  crc32c    CRC32C of the body
 * long timestamp epoch milliseconds of the record   \ body
 * byte[] payload                                     /
 * </pre>
 * all big-endian. A segment's time range is therefore recorded in it: the header's start
 * and the timestamps of its records, never the file's modification time.
 */
final class SegmentFormat {

	static final int MAGIC = 0x42445347;

	static final int VERSION = 1;

	static final int HEADER_SIZE = 20;

	/** Length, CRC and timestamp. */
	static final int FRAME_OVERHEAD = 16;

	private SegmentFormat() {
	}

	static ByteBuffer header(long startMillis) {
		ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
		header.putInt(MAGIC).putInt(VERSION).putLong(startMillis);
		header.putInt(crc(header.array(), 0, 16));
		return header.flip();
	}

	static ByteBuffer frame(long timestamp, byte[] payload) {
		ByteBuffer frame = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
		frame.putInt(8 + payload.length).putInt(0).putLong(timestamp).put(payload);
		frame.putInt(4, crc(frame.array(), 8, 8 + payload.length));
		return frame.flip();
	}

	static int crc(byte[] bytes, int offset, int length) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, offset, length);
		return (int) crc.getValue();
	}

	/**
	 * Read a segment from its start up to {@code limit} bytes, handing every complete
	 * record to the visitor, and stop at the first torn or corrupt one.
	 * @param channel the segment file
	 * @param limit bytes of the file to read
	 * @param maxRecordSize largest payload a valid frame may claim
	 * @param visitor receives the records; {@code null} to only scan
	 * @return what was found
	 * @throws IOException when the file cannot be read
	 */
	static Scan scan(FileChannel channel, long limit, int maxRecordSize, @Nullable RecordVisitor visitor)
			throws IOException {
		channel.position(0);
		InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
		byte[] headerBytes = in.readNBytes(HEADER_SIZE);
		if (limit < HEADER_SIZE || headerBytes.length < HEADER_SIZE) {
			return Scan.badHeader(limit, "short header (" + Math.min(limit, headerBytes.length) + " bytes)");
		}
		ByteBuffer header = ByteBuffer.wrap(headerBytes);
		int magic = header.getInt();
		int version = header.getInt();
		long start = header.getLong();
		int headerCrc = header.getInt();
		if (magic != MAGIC || headerCrc != crc(headerBytes, 0, 16)) {
			return Scan.badHeader(limit, "bad header");
		}
		if (version != VERSION) {
			return Scan.badHeader(limit, "unknown format version " + version);
		}
		long position = HEADER_SIZE;
		long records = 0;
		long min = Long.MAX_VALUE;
		long max = Long.MIN_VALUE;
		byte[] prefix = new byte[8];
		while (position < limit) {
			Problem problem = null;
			byte[] body = null;
			if (limit - position < 8 || in.readNBytes(prefix, 0, 8) < 8) {
				problem = new Problem("short frame header", limit - position, false);
			}
			else {
				ByteBuffer frameHeader = ByteBuffer.wrap(prefix);
				int length = frameHeader.getInt();
				int crc = frameHeader.getInt();
				if (length < 8 || length - 8 > maxRecordSize) {
					problem = new Problem("bad length " + length, limit - position, false);
				}
				else if (limit - position - 8 < length) {
					problem = new Problem("short record (" + (limit - position - 8) + " of " + length + " bytes)",
							limit - position, false);
				}
				else {
					body = in.readNBytes(length);
					if (body.length < length) {
						problem = new Problem("short read", limit - position, false);
					}
					else if (crc(body, 0, length) != crc) {
						problem = new Problem("bad CRC", limit - position, true);
					}
				}
			}
			if (problem != null) {
				long dropped = 1 + ((problem.skippable() && body != null)
						? countFrames(in, limit - position - 8 - body.length, maxRecordSize) : 0);
				return new Scan(true, start, position, records, min, max, problem.withRecords(dropped));
			}
			long timestamp = ByteBuffer.wrap(body).getLong();
			if (visitor != null) {
				byte[] payload = new byte[body.length - 8];
				System.arraycopy(body, 8, payload, 0, payload.length);
				visitor.visit(timestamp, payload);
			}
			records++;
			min = Math.min(min, timestamp);
			max = Math.max(max, timestamp);
			position += 8 + body.length;
		}
		return new Scan(true, start, position, records, min, max, null);
	}

	/**
	 * After a corrupt record whose length was plausible, count the intact frames that
	 * follow it: they are lost too, and the report should say how many.
	 */
	private static long countFrames(InputStream in, long remaining, int maxRecordSize) throws IOException {
		long count = 0;
		byte[] prefix = new byte[8];
		while (remaining >= 8 && in.readNBytes(prefix, 0, 8) == 8) {
			ByteBuffer frameHeader = ByteBuffer.wrap(prefix);
			int length = frameHeader.getInt();
			int crc = frameHeader.getInt();
			if (length < 8 || length - 8 > maxRecordSize || remaining - 8 < length) {
				break;
			}
			byte[] body = in.readNBytes(length);
			if (body.length < length || crc(body, 0, length) != crc) {
				break;
			}
			count++;
			remaining -= 8 + length;
		}
		return count;
	}

	/**
	 * Receives the records of a scan.
	 */
	@FunctionalInterface
	interface RecordVisitor {

		void visit(long timestamp, byte[] payload);

	}

	/**
	 * Why a scan stopped early.
	 *
	 * @param reason what was wrong
	 * @param bytes bytes from the bad record to the end of the scanned range
	 * @param skippable whether the frame's length was plausible, so the frames after it
	 * could be counted
	 * @param records records lost: the bad one and the intact ones after it that could be
	 * counted
	 */
	record Problem(String reason, long bytes, boolean skippable, long records) {

		Problem(String reason, long bytes, boolean skippable) {
			this(reason, bytes, skippable, 1);
		}

		Problem withRecords(long records) {
			return new Problem(this.reason, this.bytes, this.skippable, records);
		}

	}

	/**
	 * What a scan found.
	 *
	 * @param headerValid whether the header was intact
	 * @param start the segment's start time from its header
	 * @param validEnd offset just after the last complete record
	 * @param records complete records
	 * @param minTimestamp oldest record timestamp, {@code Long.MAX_VALUE} when empty
	 * @param maxTimestamp newest record timestamp, {@code Long.MIN_VALUE} when empty
	 * @param problem why the scan stopped early, {@code null} when it read to the limit
	 */
	record Scan(boolean headerValid, long start, long validEnd, long records, long minTimestamp, long maxTimestamp,
			@Nullable Problem problem) {

		static Scan badHeader(long size, String reason) {
			return new Scan(false, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, new Problem(reason, size, false, 0));
		}

	}

}
