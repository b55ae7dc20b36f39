package dev.bduf.metrics.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A rule and where it stands: its overall state (the most urgent of its series'), and
 * each series it watches.
 *
 * @param rule the rule
 * @param state the most urgent state of its series ({@code FIRING}, then
 * {@code PENDING}, {@code RESOLVED}, {@code INACTIVE}); {@code INACTIVE} while the rule
 * waits for its meter
 * @param value the value of the series in that state, {@code NaN} when it has none
 * @param series each series the rule watches
 */
public record RuleStatus(AlertRule rule, AlertState state, double value, List<SeriesStatus> series) {

	/**
	 * Validate and copy.
	 * @param rule the rule
	 * @param state the state
	 * @param value the value
	 * @param series the series
	 */
	public RuleStatus {
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(state, "state");
		series = List.copyOf(series);
	}

	/**
	 * Where one series of a rule stands.
	 *
	 * @param tags the series' tags
	 * @param state its state
	 * @param value its last value of the rule's statistic, {@code NaN} when it had none
	 * @param score for an anomaly rule, the last z-score ({@code NaN} during the warm-up);
	 * {@code NaN} for a threshold rule
	 * @param expected for an anomaly rule, the expected value; {@code NaN} for a threshold
	 * rule
	 * @param since when it entered its state, {@code null} when it never left
	 * {@code INACTIVE}
	 */
	public record SeriesStatus(Map<String, String> tags, AlertState state, double value, double score,
			double expected, @Nullable Instant since) {

		/**
		 * Validate and copy.
		 * @param tags the tags
		 * @param state the state
		 * @param value the value
		 * @param score the z-score
		 * @param expected the expected value
		 * @param since when it entered its state
		 */
		public SeriesStatus {
			tags = Map.copyOf(tags);
			Objects.requireNonNull(state, "state");
		}

	}

}
