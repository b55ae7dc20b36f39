package dev.bduf.metrics.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.alert.RuleStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The opt-in {@code alerts} health component ({@code bduf.metrics.alerts.health.enabled}):
 * {@code UP} while no rule marked {@code health: true} fires, else the configured status
 * ({@code DOWN} by default, or a custom one such as {@code ALERTING}) with the firing
 * alerts as details, so that a deployment gate can react to a breached objective. Rules
 * without the mark never change it.
 */
public class AlertsHealthIndicator implements HealthIndicator {

	private final AlertEvaluator evaluator;

	private final Status status;

	/**
	 * A component over an evaluator.
	 * @param evaluator the evaluator
	 * @param status the status while a health rule fires
	 */
	public AlertsHealthIndicator(AlertEvaluator evaluator, Status status) {
		this.evaluator = evaluator;
		this.status = status;
	}

	@Override
	public Health health() {
		List<Map<String, Object>> firing = new ArrayList<>();
		int rules = 0;
		for (RuleStatus rule : this.evaluator.status()) {
			if (!rule.rule().health()) {
				continue;
			}
			rules++;
			for (RuleStatus.SeriesStatus series : rule.series()) {
				if (series.state() == AlertState.FIRING) {
					Map<String, Object> alert = new LinkedHashMap<>();
					alert.put("rule", rule.rule().name());
					alert.put("metric", rule.rule().metric());
					alert.put("tags", series.tags());
					alert.put("severity", rule.rule().severity());
					if (Double.isFinite(series.value())) {
						alert.put("value", series.value());
					}
					if (series.since() != null) {
						alert.put("since", series.since().toString());
					}
					firing.add(alert);
				}
			}
		}
		Health.Builder builder = firing.isEmpty() ? Health.up() : Health.status(this.status).withDetail("firing", firing);
		return builder.withDetail("rules", rules).build();
	}

}
