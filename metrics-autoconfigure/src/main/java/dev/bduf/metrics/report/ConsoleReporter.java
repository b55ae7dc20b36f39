package dev.bduf.metrics.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a readable table of the busiest series of each snapshot of one resolution: the
 * counters, timers and summaries with the most events per second, with their mean, max
 * and, when known, 99th percentile. Tags that every meter carries (the default tags) are
 * left out of the table.
 */
public final class ConsoleReporter implements MetricsReporter {

	private static final Log logger = LogFactory.getLog(ConsoleReporter.class);

	private static final int MAX_NAME = 40;

	private static final int MAX_TAGS = 50;

	private final Resolution resolution;

	private final int top;

	private final Set<String> hiddenTags;

	private final Consumer<String> out;

	/**
	 * A reporter that logs at info level to the {@code dev.bduf.metrics.report.ConsoleReporter}
	 * logger.
	 * @param resolution the snapshots to show: raw steps or one rollup
	 * @param top the number of series in each table, at least 1
	 * @param hiddenTags tag keys left out of the table
	 */
	public ConsoleReporter(Resolution resolution, int top, Set<String> hiddenTags) {
		this(resolution, top, hiddenTags, logger::info);
	}

	/**
	 * A reporter that writes its tables to a consumer.
	 * @param resolution the snapshots to show
	 * @param top the number of series in each table, at least 1
	 * @param hiddenTags tag keys left out of the table
	 * @param out receives each table, as one multi-line string
	 */
	public ConsoleReporter(Resolution resolution, int top, Set<String> hiddenTags, Consumer<String> out) {
		if (top < 1) {
			throw new IllegalArgumentException("top must be at least 1: " + top);
		}
		this.resolution = resolution;
		this.top = top;
		this.hiddenTags = Set.copyOf(hiddenTags);
		this.out = out;
	}

	@Override
	public String name() {
		return "console";
	}

	@Override
	public boolean accepts(StepSnapshot snapshot) {
		return snapshot.resolution() == this.resolution;
	}

	@Override
	public void report(StepSnapshot snapshot) {
		this.out.accept(table(snapshot));
	}

	/**
	 * The table of one snapshot.
	 * @param snapshot the snapshot
	 * @return the table, lines separated by {@code \n}
	 */
	public String table(StepSnapshot snapshot) {
		double seconds = snapshot.step().toNanos() / 1e9;
		List<SeriesPoint> busy = new ArrayList<>();
		for (SeriesPoint point : snapshot.points()) {
			if (point.kind().isCumulative() && events(point) > 0) {
				busy.add(point);
			}
		}
		busy.sort(Comparator.comparingDouble(ConsoleReporter::events).reversed()
			.thenComparing(SeriesPoint::name));
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "BDUF Metrics: busiest %d of %d series, %s from %s (%s)%n",
				Math.min(this.top, busy.size()), snapshot.points().size(), format(snapshot.step()),
				snapshot.start(), snapshot.instanceId()));
		table.append(String.format(Locale.ROOT, "%-" + MAX_NAME + "s %-" + MAX_TAGS + "s %-7s %12s %12s %12s %12s%n",
				"name", "tags", "kind", "per second", "mean", "max", "p99"));
		for (SeriesPoint point : busy.subList(0, Math.min(this.top, busy.size()))) {
			table.append(String.format(Locale.ROOT,
					"%-" + MAX_NAME + "s %-" + MAX_TAGS + "s %-7s %12s %12s %12s %12s%n", cut(point.name(), MAX_NAME),
					cut(tags(point.tags()), MAX_TAGS), kind(point), number(events(point) / seconds),
					number(mean(point)), number(point.max()),
					number((point.sketch() != null) ? point.sketch().quantile(0.99) : Double.NaN)));
		}
		if (busy.isEmpty()) {
			table.append("(no events in this step)").append(System.lineSeparator());
		}
		return table.toString().stripTrailing();
	}

	private static double events(SeriesPoint point) {
		return (point.kind() == dev.bduf.metrics.history.MeterKind.COUNTER) ? point.sum() : point.count();
	}

	private static double mean(SeriesPoint point) {
		return (point.kind() == dev.bduf.metrics.history.MeterKind.COUNTER) ? Double.NaN : point.mean();
	}

	private static String kind(SeriesPoint point) {
		return point.kind().name().toLowerCase(Locale.ROOT);
	}

	private String tags(Map<String, String> tags) {
		StringJoiner joiner = new StringJoiner(",");
		tags.forEach((key, value) -> {
			if (!this.hiddenTags.contains(key)) {
				joiner.add(key + "=" + value);
			}
		});
		return joiner.toString();
	}

	private static String cut(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 3) + "...";
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		if (value != 0 && (Math.abs(value) >= 1e7 || Math.abs(value) < 1e-3)) {
			return String.format(Locale.ROOT, "%.3e", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

	private static String format(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

}
