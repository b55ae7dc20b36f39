package dev.bduf.metrics.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import org.jspecify.annotations.Nullable;

/**
 * Every series of one interval's snapshot, converted once for all subscribers of that
 * interval: each row holds its series as values and as deltas (the same object for every
 * kind but counters), so a subscriber only picks references.
 */
final class Frame {

	final long seq;

	final Instant time;

	final Duration interval;

	final List<Row> rows;

	Frame(long seq, Instant time, Duration interval, List<Row> rows) {
		this.seq = seq;
		this.time = time;
		this.interval = interval;
		this.rows = rows;
	}

	/**
	 * The snapshot a subscriber gets of this frame.
	 */
	StreamingUpdate.Snapshot snapshot(StreamFilter filter, StreamingConfig.Mode mode) {
		List<StreamingUpdate.Series> series = new ArrayList<>();
		boolean values = mode == StreamingConfig.Mode.VALUES;
		for (Row row : this.rows) {
			if (filter.matches(row.deltas.name(), row.deltas.tags())) {
				series.add(values ? row.values : row.deltas);
			}
		}
		return new StreamingUpdate.Snapshot(this.seq, this.time, this.interval, mode, 0, series);
	}

	/**
	 * Convert the points of a snapshot. Tags are copied once per meter: {@code tagCache}
	 * maps a point's (shared, per meter) tag map to its immutable copy, and the returned
	 * cache holds only the tags seen this time.
	 */
	static List<Row> rows(List<SeriesPoint> points, Map<Map<String, String>, Map<String, String>> tagCache,
			Map<Map<String, String>, Map<String, String>> nextTagCache) {
		List<Row> rows = new ArrayList<>(points.size());
		for (SeriesPoint point : points) {
			Map<String, String> tags = tagCache.get(point.tags());
			if (tags == null) {
				tags = Map.copyOf(point.tags());
			}
			nextTagCache.put(point.tags(), tags);
			rows.add(row(point, tags));
		}
		return rows;
	}

	static Map<Map<String, String>, Map<String, String>> newTagCache() {
		return new IdentityHashMap<>();
	}

	static Row row(SeriesPoint point, Map<String, String> tags) {
		String kind = point.kind().name();
		double nan = Double.NaN;
		switch (point.kind()) {
			case COUNTER -> {
				double increase = point.sum();
				StreamingUpdate.Series deltas = new StreamingUpdate.Series(point.name(), kind, point.baseUnit(), tags,
						increase, nan, increase, nan, nan, nan, nan, nan);
				StreamingUpdate.Series values = new StreamingUpdate.Series(point.name(), kind, point.baseUnit(), tags,
						point.last(), nan, increase, nan, nan, nan, nan, nan);
				return new Row(values, deltas);
			}
			case TIMER, SUMMARY -> {
				Sketch sketch = point.sketch();
				double mean = point.mean();
				StreamingUpdate.Series series = new StreamingUpdate.Series(point.name(), kind, point.baseUnit(), tags,
						mean, point.count(), point.sum(), point.max(), mean, quantile(sketch, 0.5),
						quantile(sketch, 0.95), quantile(sketch, 0.99));
				return new Row(series, series);
			}
			case LONG_TASK_TIMER -> {
				double active = point.max();
				StreamingUpdate.Series series = new StreamingUpdate.Series(point.name(), kind, point.baseUnit(), tags,
						active, active, point.last(), nan, nan, nan, nan, nan);
				return new Row(series, series);
			}
			default -> {
				double last = point.last();
				StreamingUpdate.Series series = new StreamingUpdate.Series(point.name(), kind, point.baseUnit(), tags,
						last, nan, nan, last, last, nan, nan, nan);
				return new Row(series, series);
			}
		}
	}

	private static double quantile(@Nullable Sketch sketch, double quantile) {
		if (sketch == null || sketch.count() == 0) {
			return Double.NaN;
		}
		return sketch.quantile(quantile);
	}

	/**
	 * One series as values and as deltas.
	 */
	record Row(StreamingUpdate.Series values, StreamingUpdate.Series deltas) {

	}

}
