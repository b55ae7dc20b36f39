package dev.bduf.metrics.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change of an alert rule's state for one series. Published as a Spring application
 * event, streamed to {@code metricstream} subscribers as an SSE event named
 * {@code alert}, kept in the recent events of the {@code alerts} endpoint and handed to
 * every {@link AlertNotifier}.
 *
 * @param rule the rule's name
 * @param metric the meter name the rule watches
 * @param tags the tags of the series that changed state
 * @param value the value that caused the change ({@code NaN} when the series is gone)
 * @param threshold the rule's threshold ({@code NaN} for an anomaly rule)
 * @param state the new state
 * @param previous the state before
 * @param since when the rule entered the new state
 * @param severity the rule's severity
 */
public record AlertEvent(String rule, String metric, Map<String, String> tags, double value, double threshold,
		AlertState state, AlertState previous, Instant since, String severity) {

	/**
	 * Validate and copy.
	 * @param rule the rule's name
	 * @param metric the meter name
	 * @param tags the series' tags
	 * @param value the value
	 * @param threshold the threshold
	 * @param state the new state
	 * @param previous the state before
	 * @param since when the new state began
	 * @param severity the severity
	 */
	public AlertEvent {
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(previous, "previous");
		Objects.requireNonNull(since, "since");
		Objects.requireNonNull(severity, "severity");
		tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
	}

}
