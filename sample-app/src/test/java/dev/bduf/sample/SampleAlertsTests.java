package dev.bduf.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's example alert rules (application.yml) under its own load: the latency
 * p95, error-rate and anomaly rules fire on the injected spike and resolve after it.
 * <p>
 * Long: skipped with {@code -Dbduf.skip-long-tests=true}, and tagged {@code long}. Runs
 * only where the starter has alerting (the {@code alerts} endpoint).
 */
@Tag("long")
@DisabledIfSystemProperty(named = "bduf.skip-long-tests", matches = "true",
		disabledReason = "a load run of more than a minute; -Dbduf.skip-long-tests=true skips it")
@EnabledIf(value = "alertingPresent", disabledReason = "the starter has no alerting yet")
class SampleAlertsTests {

	private static final List<String> SPIKE_RULES = List.of("analysis-latency-p95", "analysis-error-rate",
			"analysis-latency-anomaly");

	static boolean alertingPresent() {
		try {
			Class.forName("dev.bduf.metrics.endpoint.AlertsEndpoint", false, SampleAlertsTests.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	@Test
	void exampleRulesFireOnTheSpikeAndResolveAfterIt() throws Exception {
		// The application's own 5 s step: at a shorter one, a step of one kind of analysis can
		// hold no failure even during the spike, and the error-rate rule flaps instead of firing.
		// The anomaly rule learns for 12 steps (a minute) before the spike.
		try (RunningSample sample = RunningSample.start("--bduf.metrics.history.step=5s",
				"--sample.load.enabled=true", "--sample.load.rate=20", "--sample.load.duration=150s",
				"--sample.load.spike-after=75s", "--sample.load.spike-duration=30s",
				"--sample.faults.slow-ratio=0.02", "--sample.faults.failure-ratio=0.02")) {
			String rules = sample.get("/actuator/alerts").body();
			assertThat(JsonPath.<List<String>>read(rules, "$.rules[*].name")).containsAll(SPIKE_RULES);
			Faults faults = sample.bean(Faults.class);
			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(faults::spiking);

			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				String alerts = sample.get("/actuator/alerts").body();
				assertThat(rulesWithEvent(alerts, "FIRING")).as("rules that fired, in %s", alerts)
					.containsAll(SPIKE_RULES);
			});
			System.out.println("Alerts during the spike: " + sample.get("/actuator/alerts").body());

			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> !faults.spiking());
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				String alerts = sample.get("/actuator/alerts").body();
				assertThat(rulesWithEvent(alerts, "RESOLVED")).as("rules that resolved, in %s", alerts)
					.containsAll(SPIKE_RULES);
				// the threshold rules stay resolved; the anomaly detector may also find the
				// drop back to normal latency unusual until it has learnt it again
				List<Map<String, Object>> statuses = JsonPath.read(alerts, "$.rules[*]");
				for (Map<String, Object> rule : statuses) {
					if (SPIKE_RULES.subList(0, 2).contains(rule.get("name"))) {
						assertThat(rule.get("state")).as("state of %s", rule.get("name")).isNotEqualTo("FIRING");
					}
				}
			});
			System.out.println("Alerts after the spike: " + sample.get("/actuator/alerts").body());
		}
	}

	private static List<String> rulesWithEvent(String alerts, String state) {
		return JsonPath.read(alerts, "$.recent[?(@.state == '" + state + "')].rule");
	}

}
