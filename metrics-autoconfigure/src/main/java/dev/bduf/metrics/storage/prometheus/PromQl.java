package dev.bduf.metrics.storage.prometheus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Translation of a history query to PromQL.
 * <p>
 * A point of an answer covers {@code [t, t + step)} and is evaluated at {@code t + step}.
 * Counts (a counter's {@code _total}, a histogram's {@code _count}, {@code _sum} and
 * {@code _bucket}) are the difference of the last sample in the step and the last sample
 * before it: unlike {@code increase()}, this does not extrapolate, so the counts of the
 * points add up to what was recorded, and a series that first appears inside a step (a
 * new meter, counted from zero) counts its whole value. A counter that went down (a
 * restart) counts its value after the reset.
 */
final class PromQl {

	private static final Pattern UNIT = Pattern.compile("_([a-z0-9]+)(_total|_count|_sum|_bucket|_max)?");

	private static final Set<String> SUFFIXES = Set.of("total", "count", "sum", "bucket", "max", "created");

	private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	/** Labels Prometheus adds to every target, left out of an answer's tags. */
	static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private PromQl() {
	}

	/**
	 * The Prometheus form of a meter name, as Micrometer's naming convention writes it
	 * before its suffixes: {@code http.server.requests} becomes
	 * {@code http_server_requests}.
	 */
	static String baseName(String name) {
		StringBuilder base = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
					|| (i > 0 && c >= '0' && c <= '9');
			base.append(ok ? c : '_');
		}
		return base.toString();
	}

	/** A tag key as a label name. */
	static String label(String key) {
		if (LABEL.matcher(key).matches()) {
			return key;
		}
		String label = key.replaceAll("[^a-zA-Z0-9_]", "_");
		return (label.isEmpty() || Character.isDigit(label.charAt(0))) ? "_" + label : label;
	}

	/** A PromQL string literal. */
	static String quote(String value) {
		StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> quoted.append("\\\\");
				case '"' -> quoted.append("\\\"");
				case '\n' -> quoted.append("\\n");
				default -> quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	/** A selector {@code name{k="v",...}}. */
	static String selector(String metric, Map<String, String> matchers) {
		StringJoiner labels = new StringJoiner(",", "{", "}");
		matchers.forEach((key, value) -> labels.add(label(key) + "=" + quote(value)));
		return metric + labels;
	}

	/** A PromQL duration in milliseconds. */
	static String duration(Duration step) {
		return step.toMillis() + "ms";
	}

	/**
	 * The counted increase of a cumulative series over each step, without
	 * extrapolation (see the class comment).
	 */
	static String increase(String selector, Duration step) {
		String range = "[" + duration(step) + "]";
		String last = "last_over_time(" + selector + range + ")";
		String before = "last_over_time(" + selector + range + " offset " + duration(step) + ")";
		return "((" + last + " - (" + before + " or " + last + " * 0)) >= 0 or " + last + ")";
	}

	/** {@code sum by (keys)} of an expression, or {@code sum without (job, instance)}. */
	static String sum(String expression, List<String> groupBy, String... extraKeys) {
		return aggregate("sum", expression, groupBy, extraKeys);
	}

	static String aggregate(String operator, String expression, List<String> groupBy, String... extraKeys) {
		if (groupBy.isEmpty()) {
			return operator + " without (job, instance) (" + expression + ")";
		}
		List<String> keys = new ArrayList<>(List.of(extraKeys));
		for (String key : groupBy) {
			keys.add(label(key));
		}
		return operator + " by (" + String.join(", ", keys) + ") (" + expression + ")";
	}

	/**
	 * The PromQL of one statistic of a metric family, or {@code null} when the family
	 * has no such statistic in Prometheus.
	 */
	static @Nullable String expression(Family family, String statistic, Map<String, String> matchers,
			List<String> groupBy, Duration step) {
		double seconds = step.toMillis() / 1000.0;
		return switch (family.kind()) {
			case COUNTER -> {
				String increase = sum(increase(selector(family.name(), matchers), step), groupBy);
				yield switch (statistic) {
					case "value", "count", "sum" -> increase;
					case "rate" -> increase + " / " + seconds;
					default -> null;
				};
			}
			case DISTRIBUTION -> {
				String count = sum(increase(selector(family.name() + "_count", matchers), step), groupBy);
				String total = sum(increase(selector(family.name() + "_sum", matchers), step), groupBy);
				if (statistic.startsWith("p")) {
					if (!family.histogram()) {
						yield null;
					}
					double quantile = Double.parseDouble(statistic.substring(1)) / 100;
					yield "histogram_quantile(" + quantile + ", "
							+ sum(increase(selector(family.name() + "_bucket", matchers), step), groupBy, "le") + ")";
				}
				yield switch (statistic) {
					case "count" -> count;
					case "sum" -> total;
					case "rate" -> count + " / " + seconds;
					case "value", "mean" -> total + " / " + count;
					case "max" -> aggregate("max",
							"max_over_time(" + selector(family.name() + "_max", matchers) + "[" + duration(step) + "])",
							groupBy);
					default -> null;
				};
			}
			case GAUGE -> {
				String range = selector(family.name(), matchers) + "[" + duration(step) + "]";
				yield switch (statistic) {
					case "value" -> sum("last_over_time(" + range + ")", groupBy);
					case "count" -> sum("count_over_time(" + range + ")", groupBy);
					case "sum" -> sum("sum_over_time(" + range + ")", groupBy);
					case "mean" -> sum("sum_over_time(" + range + ")", groupBy) + " / "
							+ sum("count_over_time(" + range + ")", groupBy);
					case "min" -> aggregate("min", "min_over_time(" + range + ")", groupBy);
					case "max" -> aggregate("max", "max_over_time(" + range + ")", groupBy);
					default -> null;
				};
			}
		};
	}

	/**
	 * Which Prometheus metric family a meter name is, from the names Prometheus holds
	 * that start with its base name. A counter {@code orders.placed} is
	 * {@code orders_placed_total}; a timer {@code http.server.requests} is
	 * {@code http_server_requests_seconds} ({@code _count}, {@code _sum},
	 * {@code _bucket}, {@code _max}); a summary with a base unit {@code payload.size} is
	 * {@code payload_size_bytes}; a gauge is its base name, with or without a unit. A
	 * Prometheus name (such as {@code orders_placed_total}) is found too.
	 * @param name the name asked for
	 * @param known names Prometheus holds that start with the base name
	 * @return the family, or {@code null} when Prometheus has none
	 */
	static @Nullable Family resolve(String name, Set<String> known) {
		String base = baseName(name);
		if (base.endsWith("_total") && known.contains(base)) {
			return new Family(base, Kind.COUNTER, false);
		}
		if (known.contains(base + "_total")) {
			return new Family(base + "_total", Kind.COUNTER, false);
		}
		// families with a unit: base_<unit>, base_<unit>_total, base_<unit>_count, ...
		java.util.TreeSet<String> units = new java.util.TreeSet<>();
		for (String candidate : known) {
			if (!candidate.startsWith(base)) {
				continue;
			}
			java.util.regex.Matcher unit = UNIT.matcher(candidate.substring(base.length()));
			if (unit.matches() && !SUFFIXES.contains(unit.group(1))) {
				String family = base + "_" + unit.group(1);
				units.add((unit.group(2) != null && unit.group(2).equals("_total")) ? family + "_total" : family);
			}
		}
		for (String candidate : units) {
			if (candidate.endsWith("_total")) {
				return new Family(candidate, Kind.COUNTER, false);
			}
		}
		List<String> distributions = new ArrayList<>();
		distributions.add(base + "_seconds");
		distributions.add(base);
		distributions.addAll(units);
		for (String candidate : distributions) {
			if (known.contains(candidate + "_count")) {
				return new Family(candidate, Kind.DISTRIBUTION, known.contains(candidate + "_bucket"));
			}
		}
		if (known.contains(base)) {
			return new Family(base, Kind.GAUGE, false);
		}
		for (String candidate : units) {
			if (!candidate.endsWith("_total") && known.contains(candidate)) {
				return new Family(candidate, Kind.GAUGE, false);
			}
		}
		return null;
	}

	/**
	 * How a meter is exposed to Prometheus.
	 */
	enum Kind {

		/** A {@code _total} counter. */
		COUNTER,

		/** A timer or distribution summary: {@code _count}, {@code _sum}, maybe {@code _bucket}. */
		DISTRIBUTION,

		/** A gauge, or an up-down counter. */
		GAUGE

	}

	/**
	 * A metric family in Prometheus.
	 *
	 * @param name the metric name ({@code _total} included for a counter; without the
	 * {@code _count}/{@code _sum}/{@code _bucket} suffixes for a distribution)
	 * @param kind its kind
	 * @param histogram whether a distribution has {@code _bucket} series
	 */
	record Family(String name, Kind kind, boolean histogram) {
	}

}
