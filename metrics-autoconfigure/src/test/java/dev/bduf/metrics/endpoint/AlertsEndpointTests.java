package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertEventDispatcher;
import dev.bduf.metrics.alert.AlertRule;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code alerts} endpoint and health component as plain objects over an evaluator.
 */
class AlertsEndpointTests {

	private static final Duration STEP = Duration.ofSeconds(10);

	private final AlertEventDispatcher dispatcher = new AlertEventDispatcher(null, List.of(), 3);

	private final AlertEvaluator evaluator = new AlertEvaluator(List.of(
			AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN,
					100).withHealth(true).withSeverity("critical"),
			AlertRule.threshold("queue-busy", "queue.size", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN,
					50).withFor(Duration.ofMinutes(5)),
			AlertRule.anomaly("queue-anomaly", "queue.size", AlertRule.Statistic.VALUE)
				.withSeasonality(Duration.ofDays(1)),
			AlertRule.threshold("waiting", "not.there.yet", AlertRule.Statistic.P99, AlertRule.Operator.GREATER_THAN,
					1)),
			List.of(), this.dispatcher);

	private int steps;

	private void step(double a, double b) {
		this.evaluator.evaluate(new StepSnapshot(Instant.EPOCH.plus(STEP.multipliedBy(this.steps++)), STEP, "test-1",
				List.of(SeriesPoint.gauge("queue.size", null, Map.of("queue", "a"), a),
						SeriesPoint.gauge("queue.size", null, Map.of("queue", "b"), b))));
	}

	@Test
	void rulesWithStateAndValueActiveAlertsAndRecentEvents() {
		step(10, 10);
		step(150, 60);
		AlertsEndpoint.AlertsDescriptor alerts = new AlertsEndpoint(this.evaluator, this.dispatcher).alerts();
		assertThat(alerts.rules()).extracting(AlertsEndpoint.RuleDescriptor::name)
			.containsExactly("queue-full", "queue-busy", "queue-anomaly", "waiting");
		AlertsEndpoint.RuleDescriptor full = alerts.rules().get(0);
		assertThat(full.state()).isEqualTo(AlertState.FIRING);
		assertThat(full.value()).isEqualTo(150.0);
		assertThat(full.threshold()).isEqualTo(100.0);
		assertThat(full.operator()).isEqualTo(">");
		assertThat(full.kind()).isEqualTo("threshold");
		assertThat(full.forDuration()).isEqualTo("PT0S");
		assertThat(full.sensitivity()).isNull();
		assertThat(full.seasonality()).isNull();
		assertThat(full.series()).hasSize(2);
		AlertsEndpoint.RuleDescriptor anomaly = alerts.rules().get(2);
		assertThat(anomaly.kind()).isEqualTo("anomaly");
		assertThat(anomaly.threshold()).isNull();
		assertThat(anomaly.operator()).isNull();
		assertThat(anomaly.sensitivity()).isEqualTo(AlertRule.DEFAULT_SENSITIVITY);
		assertThat(anomaly.seasonality()).isEqualTo("PT24H");
		assertThat(anomaly.series().get(0).score()).isNull();
		assertThat(anomaly.series().get(0).expected()).isNotNull();
		AlertsEndpoint.RuleDescriptor waiting = alerts.rules().get(3);
		assertThat(waiting.state()).isEqualTo(AlertState.INACTIVE);
		assertThat(waiting.value()).isNull();
		assertThat(waiting.series()).isEmpty();
		assertThat(alerts.active()).extracting(AlertsEndpoint.ActiveAlert::rule, AlertsEndpoint.ActiveAlert::state)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("queue-full", AlertState.FIRING),
					org.assertj.core.groups.Tuple.tuple("queue-busy", AlertState.PENDING),
					org.assertj.core.groups.Tuple.tuple("queue-busy", AlertState.PENDING));
		// three events happened, newest first, and the list holds three
		assertThat(alerts.recent()).hasSize(3);
		assertThat(alerts.recent().get(0).state()).isEqualTo(AlertState.PENDING);
		assertThat(alerts.recent()).extracting(AlertsEndpoint.EventDescriptor::rule).contains("queue-full");
	}

	@Test
	void oneRuleByNameOrNothing() {
		step(150, 10);
		AlertsEndpoint endpoint = new AlertsEndpoint(this.evaluator, this.dispatcher);
		assertThat(endpoint.rule("queue-full")).isNotNull()
			.satisfies((rule) -> assertThat(rule.state()).isEqualTo(AlertState.FIRING));
		assertThat(endpoint.rule("nope")).isNull();
	}

	@Test
	void recentEventsAreBounded() {
		for (int i = 0; i < 6; i++) {
			step((i % 2 == 0) ? 150 : 10, 10);
		}
		// queue-full fires and resolves, queue-busy goes pending and back, three times each
		assertThat(this.dispatcher.dispatched()).isEqualTo(12);
		assertThat(this.dispatcher.recent()).extracting((event) -> event.rule(), (event) -> event.state())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("queue-busy", AlertState.INACTIVE),
					org.assertj.core.groups.Tuple.tuple("queue-full", AlertState.RESOLVED),
					org.assertj.core.groups.Tuple.tuple("queue-busy", AlertState.PENDING));
	}

	@Test
	void healthIsDownWhileAHealthRuleFires() {
		AlertsHealthIndicator indicator = new AlertsHealthIndicator(this.evaluator, new Status("ALERTING"));
		step(10, 60);
		// queue-busy is pending and not a health rule: still up
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		step(150, 60);
		Health health = indicator.health();
		assertThat(health.getStatus().getCode()).isEqualTo("ALERTING");
		assertThat(health.getDetails()).containsEntry("rules", 1);
		assertThat(health.getDetails().get("firing")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("rule", "queue-full")
			.containsEntry("value", 150.0)
			.containsEntry("severity", "critical")
			.containsEntry("tags", Map.of("queue", "a"));
		step(10, 60);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

}
