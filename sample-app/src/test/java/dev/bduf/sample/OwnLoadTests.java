package dev.bduf.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample under its own load for 60 seconds, spike included: the collector stays
 * {@code UP} all along (a {@code DEGRADED} answer fails the test with its reasons), and
 * the business report's totals are what the generator counted.
 * <p>
 * Long: skipped with {@code -Dbduf.skip-long-tests=true}, and tagged {@code long}.
 */
@Tag("long")
@DisabledIfSystemProperty(named = "bduf.skip-long-tests", matches = "true",
		disabledReason = "a 60-second load run; -Dbduf.skip-long-tests=true skips it")
class OwnLoadTests {

	@Test
	void sixtySecondsOfOwnLoadKeepTheCollectorUpAndTheBusinessTotalsRight() throws Exception {
		try (RunningSample sample = RunningSample.start("--sample.load.enabled=true", "--sample.load.rate=20",
				"--sample.load.duration=60s", "--sample.load.spike-after=25s", "--sample.load.spike-duration=15s",
				"--sample.faults.slow-ratio=0.02", "--sample.faults.failure-ratio=0.02")) {
			LoadGenerator generator = sample.bean(LoadGenerator.class);
			List<String> notUp = new ArrayList<>();
			int checks = 0;
			while (generator.status().running()) {
				String health = sample.get("/actuator/health/metricsCollector").body();
				checks++;
				if (!"UP".equals(JsonPath.read(health, "$.status"))) {
					notUp.add(health);
				}
				Thread.sleep(2_000);
			}
			assertThat(generator.awaitFinished(Duration.ofMinutes(2))).as("the run finished").isTrue();
			LoadGenerator.Totals totals = generator.status().totals();
			String collector = sample.get("/actuator/collector").body();
			System.out.println("Own load: " + checks + " health checks; totals " + totals + "; collector " + collector);

			assertThat(notUp).as("collector health answers that were not UP").isEmpty();
			assertThat(sample.json("/actuator/health/metricsCollector")).extractingPath("$.status").isEqualTo("UP");
			assertThat(checks).as("health checks during the run").isGreaterThanOrEqualTo(10);
			assertThat(JsonPath.<Integer>read(collector, "$.rejected")).as("rejected recordings").isZero();
			assertThat(generator.status().spikes()).isEqualTo(1);
			assertThat(totals.plans()).isPositive();
			assertThat(totals.analyses()).isPositive();
			assertThat(totals.failedAnalyses()).as("failures, most of them in the spike").isPositive();
			assertThat(totals.unfinishedAnalyses()).isZero();

			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				BusinessTotals report = new BusinessTotals(sample.get("/actuator/business?period=PT1H").body());
				assertThat(report.count("orchestrator.plans.completed")).as("plans completed, in %s", report)
					.isEqualTo(totals.plans());
				assertThat(report.total("orchestrator.plans.budget")).as("approved budgets")
					.isEqualTo(totals.approvedBudget());
				assertThat(report.count("orchestrator.plans.budget")).as("approved plans")
					.isEqualTo(totals.approvedPlans());
				assertThat(report.total("business.projects.created")).as("projects").isEqualTo(totals.plans());
				assertThat(report.count("orchestrator.analyses.risk")).as("analyses").isEqualTo(totals.analyses());
				assertThat(report.total("business.analyses.completed")).as("analyses and design reviews")
					.isEqualTo(totals.analyses() + totals.plans());
				assertThat(report.total("business.interactions.total")).as("views").isEqualTo(totals.views());
			});
		}
	}

}
