package dev.bduf.metrics.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertEventDispatcher;
import dev.bduf.metrics.alert.AlertNotifier;
import dev.bduf.metrics.alert.AlertRule;
import dev.bduf.metrics.alert.AlertSignals;
import dev.bduf.metrics.alert.AlertingSnapshotListener;
import dev.bduf.metrics.alert.CollectorSignals;
import dev.bduf.metrics.alert.LogAlertNotifier;
import dev.bduf.metrics.alert.SeasonalBaseline;
import dev.bduf.metrics.alert.WebhookAlertNotifier;
import dev.bduf.metrics.endpoint.AlertsEndpoint;
import dev.bduf.metrics.endpoint.AlertsHealthIndicator;
import dev.bduf.metrics.storage.MetricsStorage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of alerting: the rules of {@code bduf.metrics.alerts.rules[i]}, of
 * {@link AlertRule} beans and the default rules on the collector, their
 * {@link AlertEvaluator} fed with each raw history step on a thread of its own, the
 * {@link AlertEventDispatcher} that publishes each {@code AlertEvent} and hands it to
 * every {@link AlertNotifier} bean (the log notifier, and the webhook notifier when
 * {@code bduf.metrics.alerts.webhook.url} is set), the {@code alerts} endpoint and the
 * opt-in {@code alerts} health component. A malformed rule fails startup naming its
 * property.
 */
@AutoConfiguration(after = { MetricsCollectorAutoConfiguration.class, HistoryAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = { "bduf.metrics.enabled", "bduf.metrics.alerts.enabled" }, matchIfMissing = true)
@ConditionalOnBean(MetricsCollector.class)
@EnableConfigurationProperties(AlertsProperties.class)
public final class AlertsAutoConfiguration {

	static final String PREFIX = "bduf.metrics.alerts";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bduf.metrics.alerts.log.enabled", matchIfMissing = true)
	LogAlertNotifier logAlertNotifier() {
		return new LogAlertNotifier();
	}

	@Bean
	@ConditionalOnMissingBean
	AlertEventDispatcher alertEventDispatcher(AlertsProperties properties, ApplicationEventPublisher publisher,
			ObjectProvider<AlertNotifier> notifiers) {
		if (properties.getRecentEvents() < 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".recent-events",
					properties.getRecentEvents(), "It must not be negative.");
		}
		return new AlertEventDispatcher(publisher, notifiers.orderedStream().toList(), properties.getRecentEvents());
	}

	@Bean
	@ConditionalOnMissingBean
	AlertEvaluator alertEvaluator(AlertsProperties properties, ObjectProvider<AlertRule> ruleBeans,
			MetricsCollector collector, ObjectProvider<MetricsStorage> storage, AlertEventDispatcher dispatcher) {
		List<AlertRule> rules = new ArrayList<>(rules(properties));
		Set<String> names = new HashSet<>();
		rules.forEach((rule) -> names.add(rule.name()));
		ruleBeans.orderedStream().forEach((rule) -> {
			if (!names.add(rule.name())) {
				throw new IllegalStateException("Two alert rules are named '" + rule.name()
						+ "' (an AlertRule bean and another rule); rule names must be unique");
			}
			rules.add(rule);
		});
		List<AlertSignals> signals = new ArrayList<>();
		if (properties.getDefaultRules().isEnabled()) {
			for (AlertRule rule : CollectorSignals.defaultRules()) {
				if (names.add(rule.name())) {
					rules.add(rule);
				}
			}
			signals.add(new CollectorSignals(collector, storage.getIfAvailable()));
		}
		return new AlertEvaluator(rules, signals, dispatcher, SeasonalBaseline.fromHistory(collector::getAggregatedMetrics));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	AlertingSnapshotListener alertingSnapshotListener(AlertEvaluator evaluator, AlertsProperties properties) {
		if (properties.getQueueSize() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".queue-size", properties.getQueueSize(),
					"It must be at least 1.");
		}
		return new AlertingSnapshotListener(evaluator, properties.getQueueSize());
	}

	/**
	 * The rules of the properties, validated.
	 * @param properties the properties
	 * @return the rules
	 * @throws InvalidConfigurationPropertyValueException naming the first malformed
	 * property
	 */
	static List<AlertRule> rules(AlertsProperties properties) {
		List<AlertRule> rules = new ArrayList<>();
		Set<String> names = new HashSet<>();
		List<AlertsProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			AlertRule rule = rule(PREFIX + ".rules[" + i + "]", configured.get(i));
			if (!names.add(rule.name())) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".rules[" + i + "].name", rule.name(),
						"Another rule has this name; rule names must be unique (a rule without a name is named "
								+ "after its metric).");
			}
			rules.add(rule);
		}
		return rules;
	}

	private static AlertRule rule(String prefix, AlertsProperties.Rule rule) {
		String metric = rule.getMetric();
		if (!StringUtils.hasText(metric)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".metric", metric,
					"A rule needs the meter name it watches.");
		}
		AlertRule.Statistic statistic = AlertRule.Statistic.parse(rule.getStatistic());
		if (statistic == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".statistic", rule.getStatistic(),
					"Use value, count, rate, mean, max, p50, p95 or p99.");
		}
		AlertRule.Kind kind = AlertRule.Kind.parse(rule.getKind());
		if (kind == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".kind", rule.getKind(),
					"Use threshold or anomaly.");
		}
		AlertRule.Operator operator = null;
		if (rule.getOperator() != null) {
			operator = AlertRule.Operator.parse(rule.getOperator());
			if (operator == null) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".operator", rule.getOperator(),
						"Use >, >=, < or <=.");
			}
		}
		else if (kind == AlertRule.Kind.THRESHOLD) {
			operator = AlertRule.Operator.GREATER_THAN;
		}
		Double threshold = rule.getThreshold();
		if (kind == AlertRule.Kind.THRESHOLD && (threshold == null || !Double.isFinite(threshold))) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".threshold", threshold,
					"A threshold rule needs a finite threshold.");
		}
		if (rule.getFor().isNegative()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".for", rule.getFor(),
					"It must not be negative.");
		}
		if (!(rule.getSensitivity() > 0) || Double.isInfinite(rule.getSensitivity())) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".sensitivity", rule.getSensitivity(),
					"It must be a positive number of standard deviations.");
		}
		if (rule.getWarmUp() < 0) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".warm-up", rule.getWarmUp(),
					"It must not be negative.");
		}
		if (rule.getSeasonality().isNegative()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".seasonality", rule.getSeasonality(),
					"It must not be negative.");
		}
		if (!(rule.getHysteresis() >= 0 && rule.getHysteresis() < 1)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".hysteresis", rule.getHysteresis(),
					"It must be at least 0 and below 1.");
		}
		String name = StringUtils.hasText(rule.getName()) ? rule.getName() : metric;
		String severity = StringUtils.hasText(rule.getSeverity()) ? rule.getSeverity() : "warning";
		return new AlertRule(name, metric, rule.getTags(), statistic, operator,
				(kind == AlertRule.Kind.THRESHOLD && threshold != null) ? threshold : Double.NaN, rule.getFor(),
				severity, kind, rule.getSensitivity(), rule.getWarmUp(), rule.getHysteresis(), rule.isHealth(),
				rule.getSeasonality());
	}

	/**
	 * The webhook notifier, when a URL is set and Jackson is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
	@ConditionalOnProperty(name = "bduf.metrics.alerts.webhook.url")
	static class WebhookConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		WebhookAlertNotifier webhookAlertNotifier(AlertsProperties properties) {
			AlertsProperties.Webhook webhook = properties.getWebhook();
			String prefix = PREFIX + ".webhook";
			if (webhook.getUrl() == null || !webhook.getUrl().isAbsolute()
					|| !("http".equals(webhook.getUrl().getScheme()) || "https".equals(webhook.getUrl().getScheme()))) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".url", webhook.getUrl(),
						"An absolute http or https URL is required.");
			}
			if (webhook.getTimeout().isNegative() || webhook.getTimeout().isZero()) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".timeout", webhook.getTimeout(),
						"It must be positive.");
			}
			if (webhook.getMaxAttempts() < 1) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".max-attempts",
						webhook.getMaxAttempts(), "It must be at least 1.");
			}
			if (webhook.getQueueSize() < 1) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".queue-size", webhook.getQueueSize(),
						"It must be at least 1.");
			}
			if (webhook.getBackoff().isNegative() || webhook.getMaxBackoff().isNegative()) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".backoff", webhook.getBackoff(),
						"The backoff and max-backoff must not be negative.");
			}
			return new WebhookAlertNotifier(webhook.getUrl(), webhook.getTimeout(), webhook.getMaxAttempts(),
					webhook.getBackoff(), webhook.getMaxBackoff(), webhook.getQueueSize(), webhook.getHeaders());
		}

	}

	/**
	 * The {@code alerts} endpoint.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		AlertsEndpoint alertsEndpoint(AlertEvaluator evaluator, AlertEventDispatcher dispatcher) {
			return new AlertsEndpoint(evaluator, dispatcher);
		}

	}

	/**
	 * The opt-in {@code alerts} health component.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnBooleanProperty(name = "bduf.metrics.alerts.health.enabled")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "alertsHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("alerts")
		AlertsHealthIndicator alertsHealthIndicator(AlertEvaluator evaluator, AlertsProperties properties) {
			String status = properties.getHealth().getStatus();
			if (!StringUtils.hasText(status)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".health.status", status,
						"A status code such as DOWN or ALERTING is required.");
			}
			return new AlertsHealthIndicator(evaluator, new Status(status.trim()));
		}

	}

}
