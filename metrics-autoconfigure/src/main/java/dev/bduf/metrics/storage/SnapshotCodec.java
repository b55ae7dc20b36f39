package dev.bduf.metrics.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;

/**
 * The binary form of a {@link StepSnapshot} that persistent backends store, so that the
 * {@code file} and {@code redis} backends hold the same bytes.
 * <p>
 * Layout (version 1), all integers unsigned LEB128 varints unless said:
 * <pre>
 * 'B' 'S' 1                       magic and version
 * start epoch millis, step millis, resolution ordinal
 * instance id                     string
 * string table: n, n strings      every name, unit, tag key and value once
 * points: n, then per point
 *   name index, kind ordinal, unit index + 1 (0 = none)
 *   tags: n, n pairs of key index and value index
 *   flags: 1 byte: bit 0 count present, bit 1 sketch present
 *   value modes: 1 byte, 2 bits each for sum, min, max, last:
 *     0 NaN, 1 whole number (zig-zag varint), 2 IEEE double (8 bytes, big endian)
 *   count if present, the four values, sketch length and bytes if present
 * </pre>
 * A string is its UTF-8 length and bytes. A counter point takes about 8 bytes plus its
 * tag indexes; a timer point with a 20-bin sketch about 70.
 */
public final class SnapshotCodec {

	private static final int VERSION = 1;

	private static final int MAX_LENGTH = 64 * 1024 * 1024;

	private SnapshotCodec() {
	}

	/**
	 * Encode a snapshot.
	 * @param snapshot the snapshot
	 * @return its bytes
	 */
	public static byte[] encode(StepSnapshot snapshot) {
		Map<String, Integer> index = new HashMap<>();
		List<String> table = new ArrayList<>();
		for (SeriesPoint point : snapshot.points()) {
			intern(point.name(), index, table);
			if (point.baseUnit() != null) {
				intern(point.baseUnit(), index, table);
			}
			point.tags().forEach((key, value) -> {
				intern(key, index, table);
				intern(value, index, table);
			});
		}
		Out out = new Out(64 + snapshot.points().size() * 16);
		out.write('B');
		out.write('S');
		out.write(VERSION);
		out.varint(snapshot.start().toEpochMilli());
		out.varint(snapshot.step().toMillis());
		out.varint(snapshot.resolution().ordinal());
		out.string(snapshot.instanceId());
		out.varint(table.size());
		for (String string : table) {
			out.string(string);
		}
		out.varint(snapshot.points().size());
		for (SeriesPoint point : snapshot.points()) {
			out.varint(index.get(point.name()));
			out.varint(point.kind().ordinal());
			out.varint((point.baseUnit() != null) ? index.get(point.baseUnit()) + 1 : 0);
			out.varint(point.tags().size());
			point.tags().forEach((key, value) -> {
				out.varint(index.get(key));
				out.varint(index.get(value));
			});
			Sketch sketch = point.sketch();
			out.write(((point.count() != 0) ? 1 : 0) | ((sketch != null) ? 2 : 0));
			double[] values = { point.sum(), point.min(), point.max(), point.last() };
			int modes = 0;
			for (int i = 0; i < values.length; i++) {
				modes |= mode(values[i]) << (2 * i);
			}
			out.write(modes);
			if (point.count() != 0) {
				out.varint(point.count());
			}
			for (double value : values) {
				out.value(value);
			}
			if (sketch != null) {
				byte[] bytes = sketch.toByteArray();
				out.varint(bytes.length);
				out.write(bytes, 0, bytes.length);
			}
		}
		return out.toByteArray();
	}

	/**
	 * Decode a snapshot.
	 * @param bytes what {@link #encode} returned
	 * @return the snapshot
	 * @throws IllegalArgumentException if the bytes are not an encoded snapshot
	 */
	public static StepSnapshot decode(byte[] bytes) {
		try {
			return read(new In(bytes));
		}
		catch (IllegalArgumentException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not an encoded snapshot: " + ex, ex);
		}
	}

	private static StepSnapshot read(In in) {
		if (in.read() != 'B' || in.read() != 'S') {
			throw new IllegalArgumentException("Not an encoded snapshot: bad magic");
		}
		int version = in.read();
		if (version != VERSION) {
			throw new IllegalArgumentException("Unsupported snapshot version " + version);
		}
		Instant start = Instant.ofEpochMilli(in.varint());
		Duration step = Duration.ofMillis(in.varint());
		Resolution resolution = Resolution.values()[in.length(Resolution.values().length - 1)];
		String instanceId = in.string();
		int strings = in.length(MAX_LENGTH);
		List<String> table = new ArrayList<>(Math.min(strings, 1024));
		for (int i = 0; i < strings; i++) {
			table.add(in.string());
		}
		int count = in.length(MAX_LENGTH);
		List<SeriesPoint> points = new ArrayList<>(Math.min(count, 1024));
		MeterKind[] kinds = MeterKind.values();
		for (int i = 0; i < count; i++) {
			String name = table.get(in.length(table.size() - 1));
			MeterKind kind = kinds[in.length(kinds.length - 1)];
			int unitIndex = in.length(table.size());
			String unit = (unitIndex != 0) ? table.get(unitIndex - 1) : null;
			int tagCount = in.length(MAX_LENGTH);
			Map<String, String> tags = new TreeMap<>();
			for (int t = 0; t < tagCount; t++) {
				String key = table.get(in.length(table.size() - 1));
				tags.put(key, table.get(in.length(table.size() - 1)));
			}
			int flags = in.read();
			int modes = in.read();
			long pointCount = ((flags & 1) != 0) ? in.varint() : 0;
			double[] values = new double[4];
			for (int v = 0; v < 4; v++) {
				values[v] = in.value((modes >> (2 * v)) & 3);
			}
			Sketch sketch = null;
			if ((flags & 2) != 0) {
				int length = in.length(MAX_LENGTH);
				sketch = Sketch.fromByteArray(in.bytes(length));
			}
			points.add(new SeriesPoint(name, kind, unit, new TreeMap<>(tags), pointCount, values[0], values[1],
					values[2], values[3], sketch));
		}
		if (in.remaining() != 0) {
			throw new IllegalArgumentException("Not an encoded snapshot: " + in.remaining() + " trailing bytes");
		}
		return new StepSnapshot(start, step, resolution, instanceId, points);
	}

	private static void intern(String string, Map<String, Integer> index, List<String> table) {
		if (!index.containsKey(string)) {
			index.put(string, table.size());
			table.add(string);
		}
	}

	private static int mode(double value) {
		if (Double.isNaN(value)) {
			return 0;
		}
		if (value == Math.rint(value) && Math.abs(value) < 0x1p53 && !(value == 0 && 1 / value < 0)) {
			return 1;
		}
		return 2;
	}

	private static final class Out extends ByteArrayOutputStream {

		Out(int size) {
			super(size);
		}

		void varint(long value) {
			long v = value;
			while ((v & ~0x7FL) != 0) {
				write((int) ((v & 0x7F) | 0x80));
				v >>>= 7;
			}
			write((int) v);
		}

		void string(String string) {
			byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
			varint(bytes.length);
			write(bytes, 0, bytes.length);
		}

		void value(double value) {
			switch (mode(value)) {
				case 1 -> {
					long v = (long) value;
					varint((v << 1) ^ (v >> 63));
				}
				case 2 -> {
					long bits = Double.doubleToRawLongBits(value);
					for (int shift = 56; shift >= 0; shift -= 8) {
						write((int) (bits >>> shift));
					}
				}
				default -> {
				}
			}
		}

	}

	private static final class In {

		private final byte[] bytes;

		private int position;

		In(byte[] bytes) {
			this.bytes = bytes;
		}

		int read() {
			if (this.position >= this.bytes.length) {
				throw new IllegalArgumentException("Not an encoded snapshot: truncated");
			}
			return this.bytes[this.position++] & 0xFF;
		}

		long varint() {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				int b = read();
				value |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					return value;
				}
			}
			throw new IllegalArgumentException("Not an encoded snapshot: varint too long");
		}

		int length(int max) {
			long value = varint();
			if (value < 0 || value > max) {
				throw new IllegalArgumentException("Not an encoded snapshot: " + value + " out of range 0.." + max);
			}
			return (int) value;
		}

		String string() {
			return new String(bytes(length(MAX_LENGTH)), StandardCharsets.UTF_8);
		}

		byte[] bytes(int length) {
			if (length > remaining()) {
				throw new IllegalArgumentException("Not an encoded snapshot: truncated");
			}
			byte[] result = new byte[length];
			System.arraycopy(this.bytes, this.position, result, 0, length);
			this.position += length;
			return result;
		}

		double value(int mode) {
			return switch (mode) {
				case 0 -> Double.NaN;
				case 1 -> {
					long v = varint();
					yield (double) ((v >>> 1) ^ -(v & 1));
				}
				case 2 -> {
					long bits = 0;
					for (int i = 0; i < 8; i++) {
						bits = (bits << 8) | read();
					}
					yield Double.longBitsToDouble(bits);
				}
				default -> throw new IllegalArgumentException("Not an encoded snapshot: value mode " + mode);
			};
		}

		int remaining() {
			return this.bytes.length - this.position;
		}

	}

}
