package dev.bduf.metrics.alert;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import org.jspecify.annotations.Nullable;

/**
 * A rule evaluated on every series of a meter name (and tags) on each raw history step:
 * either a fixed {@link Kind#THRESHOLD threshold} or an {@link Kind#ANOMALY anomaly}
 * detector. Rules come from {@code bduf.metrics.alerts.rules[i].*} and from beans of this
 * type; a rule on a meter that does not exist yet waits for it.
 * <p>
 * <b>States.</b> Per series, a rule is {@code INACTIVE} until its condition holds, then
 * {@code PENDING} until the condition has held for {@link #forDuration()}, then
 * {@code FIRING} until it stops holding, then {@code RESOLVED}. A zero {@code for} fires
 * at once. A value that is {@code NaN} (for example a percentile of a step without
 * events) does not satisfy the condition.
 * <p>
 * <b>Hysteresis.</b> A rule that is pending or firing keeps its state until the value
 * crosses back past the threshold moved by {@link #hysteresis()} times the threshold's
 * magnitude: a {@code > 100} rule with the default hysteresis of {@code 0.05} starts to
 * hold above 100 but stops holding only at or below 95. An anomaly rule likewise keeps
 * holding until the z-score falls below {@code sensitivity * (1 - hysteresis)}. So a value
 * sitting at (or jittering around) the threshold changes state once, not every step.
 *
 * @param name the rule's name, unique among the rules
 * @param metric the meter name it watches, as registered (for example
 * {@code http.server.requests})
 * @param tags tags a series must have with exactly these values; empty for every series
 * @param statistic what value of a step the rule compares
 * @param operator how the value compares to the threshold; for an anomaly rule, which
 * direction counts ({@code >}/{@code >=} only rises, {@code <}/{@code <=} only drops,
 * {@code null} both)
 * @param threshold the threshold of a threshold rule, {@code NaN} for an anomaly rule
 * @param forDuration how long the condition must hold before the rule fires
 * @param severity a label carried by the rule's events, for example {@code warning}
 * @param kind a fixed threshold or an anomaly detector
 * @param sensitivity for an anomaly rule, how many standard deviations from the expected
 * value make a value anomalous (a smaller number detects more)
 * @param warmUp for an anomaly rule, how many steps of a series are learnt before it can
 * be anomalous
 * @param hysteresis the relative band, at least 0 and below 1, a pending or firing rule
 * must cross back to stop holding (see above)
 * @param health whether a firing alert of this rule turns the opt-in {@code alerts}
 * health component down
 * @param seasonality for an anomaly rule, the period of the series' season (for example
 * one day: the same time of day), or zero for none; see {@link SeasonalBaseline}
 */
public record AlertRule(String name, String metric, Map<String, String> tags, Statistic statistic,
		@Nullable Operator operator, double threshold, Duration forDuration, String severity, Kind kind,
		double sensitivity, int warmUp, double hysteresis, boolean health, Duration seasonality) {

	/**
	 * The default {@link #sensitivity()}: four standard deviations.
	 */
	public static final double DEFAULT_SENSITIVITY = 4.0;

	/**
	 * The default {@link #warmUp()}: thirty steps.
	 */
	public static final int DEFAULT_WARM_UP = 30;

	/**
	 * The default {@link #hysteresis()}: five percent.
	 */
	public static final double DEFAULT_HYSTERESIS = 0.05;

	/**
	 * Validate and copy.
	 * @param name the name, not blank
	 * @param metric the meter name, not blank
	 * @param tags required tags
	 * @param statistic the statistic
	 * @param operator the operator; required for a threshold rule
	 * @param threshold the threshold, finite for a threshold rule
	 * @param forDuration not negative
	 * @param severity the severity
	 * @param kind the kind
	 * @param sensitivity positive
	 * @param warmUp not negative
	 * @param hysteresis at least 0 and below 1
	 * @param health whether it feeds the health component
	 * @param seasonality zero or positive
	 */
	public AlertRule {
		Objects.requireNonNull(seasonality, "seasonality");
		if (seasonality.isNegative()) {
			throw new IllegalArgumentException("seasonality must not be negative: " + seasonality);
		}
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(statistic, "statistic");
		Objects.requireNonNull(forDuration, "forDuration");
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(kind, "kind");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		if (metric.isBlank()) {
			throw new IllegalArgumentException("metric must not be blank");
		}
		if (forDuration.isNegative()) {
			throw new IllegalArgumentException("for must not be negative: " + forDuration);
		}
		if (kind == Kind.THRESHOLD) {
			if (operator == null) {
				throw new IllegalArgumentException("a threshold rule needs an operator");
			}
			if (!Double.isFinite(threshold)) {
				throw new IllegalArgumentException("a threshold rule needs a finite threshold: " + threshold);
			}
		}
		if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
			throw new IllegalArgumentException("sensitivity must be positive: " + sensitivity);
		}
		if (warmUp < 0) {
			throw new IllegalArgumentException("warm-up must not be negative: " + warmUp);
		}
		if (!(hysteresis >= 0 && hysteresis < 1)) {
			throw new IllegalArgumentException("hysteresis must be at least 0 and below 1: " + hysteresis);
		}
		tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
	}

	/**
	 * A threshold rule with no tags, no {@code for}, severity {@code warning}, the default
	 * hysteresis and no health.
	 * @param name the name
	 * @param metric the meter name
	 * @param statistic the statistic
	 * @param operator the operator
	 * @param threshold the threshold
	 * @return the rule
	 */
	public static AlertRule threshold(String name, String metric, Statistic statistic, Operator operator,
			double threshold) {
		return new AlertRule(name, metric, Map.of(), statistic, operator, threshold, Duration.ZERO, "warning",
				Kind.THRESHOLD, DEFAULT_SENSITIVITY, DEFAULT_WARM_UP, DEFAULT_HYSTERESIS, false, Duration.ZERO);
	}

	/**
	 * An anomaly rule in both directions with the default sensitivity and warm-up, no
	 * tags, no {@code for}, severity {@code warning} and no health.
	 * @param name the name
	 * @param metric the meter name
	 * @param statistic the statistic
	 * @return the rule
	 */
	public static AlertRule anomaly(String name, String metric, Statistic statistic) {
		return new AlertRule(name, metric, Map.of(), statistic, null, Double.NaN, Duration.ZERO, "warning",
				Kind.ANOMALY, DEFAULT_SENSITIVITY, DEFAULT_WARM_UP, DEFAULT_HYSTERESIS, false, Duration.ZERO);
	}

	/**
	 * This rule with other required tags.
	 * @param tags the tags
	 * @return a new rule
	 */
	public AlertRule withTags(Map<String, String> tags) {
		return new AlertRule(this.name, this.metric, tags, this.statistic, this.operator, this.threshold,
				this.forDuration, this.severity, this.kind, this.sensitivity, this.warmUp, this.hysteresis,
				this.health, this.seasonality);
	}

	/**
	 * This rule with another {@code for} duration.
	 * @param forDuration the duration
	 * @return a new rule
	 */
	public AlertRule withFor(Duration forDuration) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, this.operator, this.threshold,
				forDuration, this.severity, this.kind, this.sensitivity, this.warmUp, this.hysteresis,
				this.health, this.seasonality);
	}

	/**
	 * This rule with another severity.
	 * @param severity the severity
	 * @return a new rule
	 */
	public AlertRule withSeverity(String severity) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, this.operator, this.threshold,
				this.forDuration, severity, this.kind, this.sensitivity, this.warmUp, this.hysteresis,
				this.health, this.seasonality);
	}

	/**
	 * This rule with another operator (for an anomaly rule: the direction).
	 * @param operator the operator
	 * @return a new rule
	 */
	public AlertRule withOperator(@Nullable Operator operator) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, operator, this.threshold,
				this.forDuration, this.severity, this.kind, this.sensitivity, this.warmUp, this.hysteresis,
				this.health, this.seasonality);
	}

	/**
	 * This rule with other anomaly settings.
	 * @param sensitivity standard deviations that make a value anomalous
	 * @param warmUp steps learnt before a series can be anomalous
	 * @return a new rule
	 */
	public AlertRule withAnomaly(double sensitivity, int warmUp) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, this.operator, this.threshold,
				this.forDuration, this.severity, this.kind, sensitivity, warmUp, this.hysteresis,
				this.health, this.seasonality);
	}

	/**
	 * This rule with another hysteresis.
	 * @param hysteresis the relative band
	 * @return a new rule
	 */
	public AlertRule withHysteresis(double hysteresis) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, this.operator, this.threshold,
				this.forDuration, this.severity, this.kind, this.sensitivity, this.warmUp, hysteresis,
				this.health, this.seasonality);
	}

	/**
	 * This rule feeding, or not, the {@code alerts} health component.
	 * @param health whether a firing alert turns the component down
	 * @return a new rule
	 */
	public AlertRule withHealth(boolean health) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, this.operator, this.threshold,
				this.forDuration, this.severity, this.kind, this.sensitivity, this.warmUp, this.hysteresis,
				health, this.seasonality);
	}

	/**
	 * This rule compared against the same time one season ago (for an anomaly rule).
	 * @param seasonality the season, for example {@code Duration.ofDays(1)}; zero for none
	 * @return a new rule
	 */
	public AlertRule withSeasonality(Duration seasonality) {
		return new AlertRule(this.name, this.metric, this.tags, this.statistic, this.operator, this.threshold,
				this.forDuration, this.severity, this.kind, this.sensitivity, this.warmUp, this.hysteresis,
				this.health, seasonality);
	}

	/**
	 * Whether a series' tags include every tag of this rule.
	 * @param seriesTags the series' tags
	 * @return {@code true} when the rule applies to the series
	 */
	public boolean matches(Map<String, String> seriesTags) {
		for (Map.Entry<String, String> tag : this.tags.entrySet()) {
			if (!tag.getValue().equals(seriesTags.get(tag.getKey()))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What value of a step a rule compares.
	 */
	public enum Statistic {

		/**
		 * A counter's increase over the step, a gauge's last sample, a timer's or
		 * summary's mean.
		 */
		VALUE("value"),

		/**
		 * A counter's increase, a timer's or summary's events, a gauge's samples.
		 */
		COUNT("count"),

		/**
		 * Per second over the step: a counter's increase or a timer's or summary's events.
		 */
		RATE("rate"),

		/**
		 * The mean of the samples or events.
		 */
		MEAN("mean"),

		/**
		 * The largest sample or event.
		 */
		MAX("max"),

		/**
		 * The median of the events (needs a histogram).
		 */
		P50("p50"),

		/**
		 * The 95th percentile of the events (needs a histogram).
		 */
		P95("p95"),

		/**
		 * The 99th percentile of the events (needs a histogram).
		 */
		P99("p99");

		private final String label;

		Statistic(String label) {
			this.label = label;
		}

		/**
		 * The name used in properties and queries.
		 * @return for example {@code p99}
		 */
		public String label() {
			return this.label;
		}

		/**
		 * The statistic of a name, ignoring case.
		 * @param text for example {@code p95}
		 * @return the statistic, or {@code null} for an unknown name
		 */
		public static @Nullable Statistic parse(@Nullable String text) {
			if (text == null) {
				return null;
			}
			String wanted = text.trim().toLowerCase(Locale.ROOT);
			for (Statistic statistic : values()) {
				if (statistic.label.equals(wanted)) {
					return statistic;
				}
			}
			return null;
		}

		/**
		 * This statistic of one step of a series.
		 * @param point the step's point
		 * @param stepSeconds the step's length in seconds
		 * @return the value, {@code NaN} when it does not apply or has no data
		 */
		public double of(SeriesPoint point, double stepSeconds) {
			MeterKind kind = point.kind();
			boolean counter = kind == MeterKind.COUNTER;
			boolean distribution = kind == MeterKind.TIMER || kind == MeterKind.SUMMARY;
			return switch (this) {
				case VALUE -> counter ? point.sum() : distribution ? point.mean() : point.last();
				case COUNT -> counter ? point.sum() : point.count();
				case RATE -> counter ? point.sum() / stepSeconds
						: distribution ? point.count() / stepSeconds : Double.NaN;
				case MEAN -> point.mean();
				case MAX -> point.max();
				case P50 -> quantile(point.sketch(), 0.50);
				case P95 -> quantile(point.sketch(), 0.95);
				case P99 -> quantile(point.sketch(), 0.99);
			};
		}

		private static double quantile(@Nullable Sketch sketch, double quantile) {
			return (sketch != null) ? sketch.quantile(quantile) : Double.NaN;
		}

		@Override
		public String toString() {
			return this.label;
		}

	}

	/**
	 * How a value compares to a threshold.
	 */
	public enum Operator {

		/**
		 * Above the threshold.
		 */
		GREATER_THAN(">"),

		/**
		 * At or above the threshold.
		 */
		GREATER_THAN_OR_EQUAL(">="),

		/**
		 * Below the threshold.
		 */
		LESS_THAN("<"),

		/**
		 * At or below the threshold.
		 */
		LESS_THAN_OR_EQUAL("<=");

		private final String symbol;

		Operator(String symbol) {
			this.symbol = symbol;
		}

		/**
		 * The symbol used in properties.
		 * @return for example {@code >=}
		 */
		public String symbol() {
			return this.symbol;
		}

		/**
		 * The operator of a symbol ({@code >}, {@code >=}, {@code <}, {@code <=}) or of a
		 * name ({@code gt}, {@code ge}, {@code lt}, {@code le}).
		 * @param text the symbol or name
		 * @return the operator, or {@code null} when unknown
		 */
		public static @Nullable Operator parse(@Nullable String text) {
			if (text == null) {
				return null;
			}
			return switch (text.trim().toLowerCase(Locale.ROOT)) {
				case ">", "gt" -> GREATER_THAN;
				case ">=", "ge", "gte" -> GREATER_THAN_OR_EQUAL;
				case "<", "lt" -> LESS_THAN;
				case "<=", "le", "lte" -> LESS_THAN_OR_EQUAL;
				default -> null;
			};
		}

		/**
		 * Whether the operator holds for rises (as opposed to drops).
		 * @return {@code true} for {@code >} and {@code >=}
		 */
		public boolean above() {
			return this == GREATER_THAN || this == GREATER_THAN_OR_EQUAL;
		}

		/**
		 * Whether a value compares to a threshold this way. {@code NaN} never does.
		 * @param value the value
		 * @param threshold the threshold
		 * @return {@code true} when the comparison holds
		 */
		public boolean test(double value, double threshold) {
			return switch (this) {
				case GREATER_THAN -> value > threshold;
				case GREATER_THAN_OR_EQUAL -> value >= threshold;
				case LESS_THAN -> value < threshold;
				case LESS_THAN_OR_EQUAL -> value <= threshold;
			};
		}

		@Override
		public String toString() {
			return this.symbol;
		}

	}

	/**
	 * What kind of condition a rule checks.
	 */
	public enum Kind {

		/**
		 * The statistic compared to a fixed threshold.
		 */
		THRESHOLD,

		/**
		 * The statistic's z-score against its exponentially weighted mean and variance.
		 */
		ANOMALY;

		/**
		 * The kind of a name, ignoring case.
		 * @param text {@code threshold} or {@code anomaly}
		 * @return the kind, or {@code null} when unknown
		 */
		public static @Nullable Kind parse(@Nullable String text) {
			if (text == null) {
				return null;
			}
			return switch (text.trim().toLowerCase(Locale.ROOT)) {
				case "threshold" -> THRESHOLD;
				case "anomaly" -> ANOMALY;
				default -> null;
			};
		}

	}

}
