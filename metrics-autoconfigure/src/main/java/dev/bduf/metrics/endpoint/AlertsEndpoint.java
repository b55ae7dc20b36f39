package dev.bduf.metrics.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertEventDispatcher;
import dev.bduf.metrics.alert.AlertRule;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.alert.RuleStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code alerts} endpoint. {@code GET /actuator/alerts} answers every rule with its
 * state and value (and each series it watches), the active alerts (pending or firing)
 * and the recent alert events, newest first; {@code GET /actuator/alerts/{rule}} one rule
 * (404 for a rule that does not exist). Values that are not numbers (no data) are
 * {@code null}.
 */
@Endpoint(id = "alerts")
public class AlertsEndpoint {

	private final AlertEvaluator evaluator;

	private final AlertEventDispatcher dispatcher;

	/**
	 * An endpoint over an evaluator and its dispatcher.
	 * @param evaluator the evaluator whose rules it shows
	 * @param dispatcher the dispatcher whose recent events it shows
	 */
	public AlertsEndpoint(AlertEvaluator evaluator, AlertEventDispatcher dispatcher) {
		this.evaluator = evaluator;
		this.dispatcher = dispatcher;
	}

	@ReadOperation
	public AlertsDescriptor alerts() {
		List<RuleDescriptor> rules = new ArrayList<>();
		List<ActiveAlert> active = new ArrayList<>();
		for (RuleStatus status : this.evaluator.status()) {
			rules.add(RuleDescriptor.of(status));
			for (RuleStatus.SeriesStatus series : status.series()) {
				if (series.state() == AlertState.PENDING || series.state() == AlertState.FIRING) {
					active.add(new ActiveAlert(status.rule().name(), status.rule().metric(), series.tags(),
							series.state(), number(series.value()), number(status.rule().threshold()),
							status.rule().severity(), series.since()));
				}
			}
		}
		List<EventDescriptor> recent = new ArrayList<>();
		for (AlertEvent event : this.dispatcher.recent()) {
			recent.add(EventDescriptor.of(event));
		}
		return new AlertsDescriptor(rules, active, recent);
	}

	@ReadOperation
	public @Nullable RuleDescriptor rule(@Selector String rule) {
		for (RuleStatus status : this.evaluator.status()) {
			if (status.rule().name().equals(rule)) {
				return RuleDescriptor.of(status);
			}
		}
		return null;
	}

	private static @Nullable Double number(double value) {
		return Double.isFinite(value) ? value : null;
	}

	/**
	 * What {@code GET /actuator/alerts} answers.
	 *
	 * @param rules every rule with its state
	 * @param active the series of rules that are pending or firing
	 * @param recent the recent events, newest first
	 */
	public record AlertsDescriptor(List<RuleDescriptor> rules, List<ActiveAlert> active,
			List<EventDescriptor> recent) implements OperationResponseBody {

	}

	/**
	 * A rule and where it stands.
	 *
	 * @param name the rule's name
	 * @param metric the meter name it watches
	 * @param tags the tags a series must have
	 * @param kind {@code threshold} or {@code anomaly}
	 * @param statistic the statistic it compares
	 * @param operator the operator (for an anomaly rule the direction, {@code null} for
	 * both)
	 * @param threshold the threshold, {@code null} for an anomaly rule
	 * @param forDuration how long the condition must hold, ISO-8601
	 * @param severity the severity
	 * @param sensitivity for an anomaly rule, the standard deviations that make a value
	 * anomalous
	 * @param seasonality for a seasonal anomaly rule, its season (ISO-8601), else
	 * {@code null}
	 * @param health whether it feeds the {@code alerts} health component
	 * @param state the most urgent state of its series
	 * @param value the value of the series in that state
	 * @param series each series it watches (none while it waits for its meter)
	 */
	public record RuleDescriptor(String name, String metric, Map<String, String> tags, String kind,
			String statistic, @Nullable String operator, @Nullable Double threshold,
			@JsonProperty("for") String forDuration, String severity, @Nullable Double sensitivity,
			@Nullable String seasonality, boolean health,
			AlertState state, @Nullable Double value, List<SeriesDescriptor> series) implements OperationResponseBody {

		static RuleDescriptor of(RuleStatus status) {
			AlertRule rule = status.rule();
			boolean anomaly = rule.kind() == AlertRule.Kind.ANOMALY;
			List<SeriesDescriptor> series = new ArrayList<>(status.series().size());
			for (RuleStatus.SeriesStatus one : status.series()) {
				series.add(new SeriesDescriptor(one.tags(), one.state(), number(one.value()), number(one.score()),
						number(one.expected()), one.since()));
			}
			return new RuleDescriptor(rule.name(), rule.metric(), rule.tags(), anomaly ? "anomaly" : "threshold",
					rule.statistic().label(), (rule.operator() != null) ? rule.operator().symbol() : null,
					number(rule.threshold()), rule.forDuration().toString(), rule.severity(),
					anomaly ? rule.sensitivity() : null,
					(anomaly && !rule.seasonality().isZero()) ? rule.seasonality().toString() : null, rule.health(),
					status.state(), number(status.value()),
					series);
		}

	}

	/**
	 * One series of a rule.
	 *
	 * @param tags the series' tags
	 * @param state its state
	 * @param value its last value
	 * @param score for an anomaly rule, its last z-score
	 * @param expected for an anomaly rule, its expected value
	 * @param since when it entered its state
	 */
	public record SeriesDescriptor(Map<String, String> tags, AlertState state, @Nullable Double value,
			@Nullable Double score, @Nullable Double expected, @Nullable Instant since) {

	}

	/**
	 * A series of a rule that is pending or firing.
	 *
	 * @param rule the rule's name
	 * @param metric the meter name
	 * @param tags the series' tags
	 * @param state pending or firing
	 * @param value its last value
	 * @param threshold the rule's threshold, {@code null} for an anomaly rule
	 * @param severity the rule's severity
	 * @param since when it entered its state
	 */
	public record ActiveAlert(String rule, String metric, Map<String, String> tags, AlertState state,
			@Nullable Double value, @Nullable Double threshold, String severity, @Nullable Instant since) {

	}

	/**
	 * A recent state change.
	 *
	 * @param rule the rule's name
	 * @param metric the meter name
	 * @param tags the series' tags
	 * @param value the value that caused it, {@code null} when the series is gone
	 * @param threshold the threshold, {@code null} for an anomaly rule
	 * @param state the new state
	 * @param previous the state before
	 * @param since when the new state began
	 * @param severity the severity
	 */
	public record EventDescriptor(String rule, String metric, Map<String, String> tags, @Nullable Double value,
			@Nullable Double threshold, AlertState state, AlertState previous, Instant since, String severity) {

		static EventDescriptor of(AlertEvent event) {
			return new EventDescriptor(event.rule(), event.metric(), event.tags(), number(event.value()),
					number(event.threshold()), event.state(), event.previous(), event.since(), event.severity());
		}

	}

}
