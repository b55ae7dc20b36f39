package dev.bduf.metrics.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertEventDispatcher;
import dev.bduf.metrics.alert.AlertNotifier;
import dev.bduf.metrics.alert.AlertRule;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.alert.AlertingSnapshotListener;
import dev.bduf.metrics.alert.LogAlertNotifier;
import dev.bduf.metrics.alert.WebhookAlertNotifier;
import dev.bduf.metrics.endpoint.AlertsEndpoint;
import dev.bduf.metrics.endpoint.AlertsHealthIndicator;
import dev.bduf.metrics.history.HistoryRecorder;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AlertsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsCollectorAutoConfiguration.class,
				HistoryAutoConfiguration.class, AlertsAutoConfiguration.class))
		.withBean(MockClock.class, MockClock::new);

	@Test
	void onByDefaultWithTheDefaultRulesAndTheLogNotifier() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AlertEvaluator.class)
				.hasSingleBean(AlertEventDispatcher.class)
				.hasSingleBean(AlertingSnapshotListener.class)
				.hasSingleBean(LogAlertNotifier.class)
				.doesNotHaveBean(WebhookAlertNotifier.class)
				.doesNotHaveBean(AlertsEndpoint.class)
				.doesNotHaveBean(AlertsHealthIndicator.class);
			assertThat(context.getBean(AlertEvaluator.class).rules()).extracting(AlertRule::name)
				.containsExactly("collector-rejections", "collector-overflow", "storage-down");
		});
	}

	@Test
	void rulesFromPropertiesAndBeansAreEvaluatedOnEachHistoryStep() {
		List<AlertEvent> notified = new CopyOnWriteArrayList<>();
		List<AlertEvent> published = new CopyOnWriteArrayList<>();
		this.runner
			.withPropertyValues("bduf.metrics.alerts.rules[0].name=orders-burst",
					"bduf.metrics.alerts.rules[0].metric=orders", "bduf.metrics.alerts.rules[0].tags.region=eu",
					"bduf.metrics.alerts.rules[0].statistic=count", "bduf.metrics.alerts.rules[0].operator=>=",
					"bduf.metrics.alerts.rules[0].threshold=3", "bduf.metrics.alerts.rules[0].severity=critical",
					"bduf.metrics.alerts.rules[0].health=true", "bduf.metrics.alerts.rules[1].metric=latency",
					"bduf.metrics.alerts.rules[1].kind=anomaly", "bduf.metrics.alerts.rules[1].statistic=p99",
					"bduf.metrics.alerts.rules[1].sensitivity=5", "bduf.metrics.alerts.rules[1].warm-up=12",
					"bduf.metrics.alerts.rules[1].for=30s", "bduf.metrics.alerts.default-rules.enabled=false")
			.withBean("beanRule", AlertRule.class,
					() -> AlertRule.threshold("bean-rule", "queue", AlertRule.Statistic.VALUE,
							AlertRule.Operator.LESS_THAN, 0))
			.withBean("capturing", AlertNotifier.class, () -> notified::add)
			.withBean("listening", ApplicationListener.class, () -> (ApplicationListener<PayloadApplicationEvent<?>>) (
					event) -> {
				if (event.getPayload() instanceof AlertEvent alert) {
					published.add(alert);
				}
			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<AlertRule> rules = context.getBean(AlertEvaluator.class).rules();
				assertThat(rules).extracting(AlertRule::name).containsExactly("orders-burst", "latency", "bean-rule");
				AlertRule orders = rules.get(0);
				assertThat(orders.tags()).containsEntry("region", "eu");
				assertThat(orders.statistic()).isEqualTo(AlertRule.Statistic.COUNT);
				assertThat(orders.operator()).isEqualTo(AlertRule.Operator.GREATER_THAN_OR_EQUAL);
				assertThat(orders.threshold()).isEqualTo(3.0);
				assertThat(orders.severity()).isEqualTo("critical");
				assertThat(orders.health()).isTrue();
				AlertRule latency = rules.get(1);
				assertThat(latency.kind()).isEqualTo(AlertRule.Kind.ANOMALY);
				assertThat(latency.operator()).isNull();
				assertThat(latency.threshold()).isNaN();
				assertThat(latency.sensitivity()).isEqualTo(5.0);
				assertThat(latency.warmUp()).isEqualTo(12);
				assertThat(latency.forDuration()).isEqualTo(Duration.ofSeconds(30));
				MetricsCollector collector = context.getBean(MetricsCollector.class);
				collector.increment("orders", 5, java.util.Map.of("region", "eu"));
				context.getBean(MockClock.class).add(Duration.ofSeconds(10));
				assertThat(context.getBean(HistoryRecorder.class).recordStep()).isNotNull();
				await().atMost(Duration.ofSeconds(10)).until(() -> notified.size() == 1);
				assertThat(notified.get(0).rule()).isEqualTo("orders-burst");
				assertThat(notified.get(0).state()).isEqualTo(AlertState.FIRING);
				assertThat(published).containsExactlyElementsOf(notified);
				assertThat(context.getBean(AlertEventDispatcher.class).recent()).containsExactlyElementsOf(notified);
			});
	}

	@Test
	void aRuleWithoutANameIsNamedAfterItsMetricAndAThresholdRuleDefaultsToAbove() {
		this.runner
			.withPropertyValues("bduf.metrics.alerts.rules[0].metric=queue.size",
					"bduf.metrics.alerts.rules[0].threshold=10")
			.run((context) -> assertThat(context.getBean(AlertEvaluator.class).rules().get(0)).satisfies((rule) -> {
				assertThat(rule.name()).isEqualTo("queue.size");
				assertThat(rule.operator()).isEqualTo(AlertRule.Operator.GREATER_THAN);
				assertThat(rule.statistic()).isEqualTo(AlertRule.Statistic.VALUE);
			}));
	}

	@Test
	void aBadOperatorFailsStartupNamingTheProperty() {
		assertFailure("Use >, >=, < or <=", "bduf.metrics.alerts.rules[2].operator", "rules[0].metric=a",
				"rules[0].threshold=1", "rules[1].metric=b", "rules[1].threshold=1", "rules[2].metric=c",
				"rules[2].threshold=1", "rules[2].operator==>");
	}

	@Test
	void aBadStatisticFailsStartupNamingTheProperty() {
		assertFailure("p50, p95 or p99", "bduf.metrics.alerts.rules[0].statistic", "rules[0].metric=a",
				"rules[0].threshold=1", "rules[0].statistic=p42");
	}

	@Test
	void aBadDurationFailsStartupNamingTheProperty() {
		assertFailure("Duration", "bduf.metrics.alerts.rules[0].for", "rules[0].metric=a", "rules[0].threshold=1",
				"rules[0].for=soon");
	}

	@Test
	void aMissingMetricFailsStartupNamingTheProperty() {
		assertFailure("needs the meter name", "bduf.metrics.alerts.rules[1].metric", "rules[0].metric=a",
				"rules[0].threshold=1", "rules[1].threshold=1");
	}

	@Test
	void aThresholdRuleWithoutThresholdFailsStartupNamingTheProperty() {
		assertFailure("finite threshold", "bduf.metrics.alerts.rules[0].threshold", "rules[0].metric=a");
	}

	@Test
	void otherMalformedRulesFailStartupNamingTheProperty() {
		assertFailure("threshold or anomaly", "bduf.metrics.alerts.rules[0].kind", "rules[0].metric=a",
				"rules[0].kind=magic");
		assertFailure("positive", "bduf.metrics.alerts.rules[0].sensitivity", "rules[0].metric=a",
				"rules[0].kind=anomaly", "rules[0].sensitivity=0");
		assertFailure("negative", "bduf.metrics.alerts.rules[0].warm-up", "rules[0].metric=a",
				"rules[0].kind=anomaly", "rules[0].warm-up=-1");
		assertFailure("below 1", "bduf.metrics.alerts.rules[0].hysteresis", "rules[0].metric=a",
				"rules[0].threshold=1", "rules[0].hysteresis=1");
		assertFailure("negative", "bduf.metrics.alerts.rules[0].for", "rules[0].metric=a", "rules[0].threshold=1",
				"rules[0].for=-1s");
		assertFailure("unique", "bduf.metrics.alerts.rules[1].name", "rules[0].metric=a", "rules[0].threshold=1",
				"rules[1].metric=a", "rules[1].threshold=2");
	}

	@Test
	void malformedSettingsFailStartupNamingTheProperty() {
		assertFailure("negative", "bduf.metrics.alerts.recent-events", "recent-events=-1");
		assertFailure("at least 1", "bduf.metrics.alerts.queue-size", "queue-size=0");
		assertFailure("http", "bduf.metrics.alerts.webhook.url", "webhook.url=ftp://example.com/");
		assertFailure("positive", "bduf.metrics.alerts.webhook.timeout", "webhook.url=http://127.0.0.1:9/",
				"webhook.timeout=0s");
		assertFailure("at least 1", "bduf.metrics.alerts.webhook.max-attempts", "webhook.url=http://127.0.0.1:9/",
				"webhook.max-attempts=0");
		assertFailure("at least 1", "bduf.metrics.alerts.webhook.queue-size", "webhook.url=http://127.0.0.1:9/",
				"webhook.queue-size=0");
		assertFailure("negative", "bduf.metrics.alerts.webhook.backoff", "webhook.url=http://127.0.0.1:9/",
				"webhook.backoff=-1s");
	}

	private void assertFailure(String message, String property, String... properties) {
		String[] prefixed = new String[properties.length];
		for (int i = 0; i < properties.length; i++) {
			prefixed[i] = "bduf.metrics.alerts." + properties[i];
		}
		this.runner.withPropertyValues(prefixed).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			StringBuilder messages = new StringBuilder();
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				messages.append(cause.getMessage()).append('\n');
			}
			assertThat(messages.toString()).contains(property).contains(message);
		});
	}

	@Test
	void aBeanRuleNamedLikeAPropertyRuleFailsStartup() {
		this.runner.withPropertyValues("bduf.metrics.alerts.rules[0].name=twin", "bduf.metrics.alerts.rules[0].metric=a",
				"bduf.metrics.alerts.rules[0].threshold=1")
			.withBean("twin", AlertRule.class,
					() -> AlertRule.threshold("twin", "b", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN,
							1))
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("twin"));
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("bduf.metrics.alerts.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AlertEvaluator.class));
	}

	@Test
	void theDefaultRulesAndTheLogNotifierCanBeTurnedOff() {
		this.runner
			.withPropertyValues("bduf.metrics.alerts.default-rules.enabled=false",
					"bduf.metrics.alerts.log.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LogAlertNotifier.class);
				assertThat(context.getBean(AlertEvaluator.class).rules()).isEmpty();
			});
	}

	@Test
	void theWebhookNotifierWhenAUrlIsSet() {
		this.runner
			.withPropertyValues("bduf.metrics.alerts.webhook.url=http://127.0.0.1:9/hook",
					"bduf.metrics.alerts.webhook.timeout=2s", "bduf.metrics.alerts.webhook.headers.Authorization=x")
			.run((context) -> {
				assertThat(context).hasSingleBean(WebhookAlertNotifier.class);
				assertThat(context.getBean(AlertEventDispatcher.class).notifiers()).hasSize(2);
			});
	}

	@Test
	void noWebhookNotifierWithoutJackson() {
		this.runner.withPropertyValues("bduf.metrics.alerts.webhook.url=http://127.0.0.1:9/hook")
			.withClassLoader(new FilteredClassLoader("tools.jackson.databind"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebhookAlertNotifier.class));
	}

	@Test
	void theEndpointWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=alerts")
			.run((context) -> assertThat(context).hasSingleBean(AlertsEndpoint.class));
	}

	@Test
	void theHealthComponentIsOptIn() {
		this.runner
			.withPropertyValues("bduf.metrics.alerts.health.enabled=true",
					"bduf.metrics.alerts.health.status=ALERTING")
			.run((context) -> {
				assertThat(context).hasBean("alertsHealthIndicator");
				assertThat(context.getBean(AlertsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			});
		this.runner.withPropertyValues("bduf.metrics.alerts.health.enabled=true", "management.health.alerts.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AlertsHealthIndicator.class));
		assertFailure("status code", "bduf.metrics.alerts.health.status", "health.enabled=true", "health.status= ");
	}

	@Test
	void userBeansWin() {
		AlertEventDispatcher dispatcher = new AlertEventDispatcher(null, List.of(), 5);
		this.runner.withBean(AlertEventDispatcher.class, () -> dispatcher)
			.run((context) -> assertThat(context.getBean(AlertEventDispatcher.class)).isSameAs(dispatcher));
	}

}
