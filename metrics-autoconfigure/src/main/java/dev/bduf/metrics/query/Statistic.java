package dev.bduf.metrics.query;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A statistic a query can ask for: {@code value, count, sum, rate, mean, min, max,
 * stddev}, or a percentile {@code pNN} ({@code p0} to {@code p100}, with decimals such
 * as {@code p99.9}).
 *
 * @param name the statistic's name, lower case
 * @param quantile the quantile of a percentile (0 to 1), NaN for the others
 */
record Statistic(String name, double quantile) {

	static final String KNOWN = "value, count, sum, rate, mean, min, max, stddev or a percentile such as p50, p99, p99.9";

	private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d{1,6})?)");

	static @Nullable Statistic parse(String text) {
		String name = text.trim().toLowerCase(Locale.ROOT);
		switch (name) {
			case "value", "count", "sum", "rate", "mean", "min", "max", "stddev":
				return new Statistic(name, Double.NaN);
			default:
		}
		Matcher matcher = PERCENTILE.matcher(name);
		if (matcher.matches()) {
			double percent = Double.parseDouble(matcher.group(1));
			if (percent <= 100) {
				return new Statistic(name, percent / 100);
			}
		}
		return null;
	}

	boolean isPercentile() {
		return !Double.isNaN(this.quantile);
	}

}
