package dev.bduf.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app starts on its defaults (the memory profile, no Redis, no other service),
 * and its REST API drives tracked, collector and business meters that show in the
 * Prometheus scrape and the collector, performance and business endpoints.
 */
class OrchestratorApplicationTests {

	private static RunningSample sample;

	@BeforeAll
	static void start() {
		sample = RunningSample.start();
	}

	@AfterAll
	static void stop() {
		sample.close();
	}

	@Test
	void plannedProjectShowsUpInTheScrapeAndTheCollectorEndpoint() {
		HttpResponse<String> created = sample.post("/api/projects?name=apollo&team=search");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonContent project = new JsonContent(created.body());
		assertThat(project).extractingPath("$.name").isEqualTo("apollo");
		assertThat(project).extractingPath("$.team").isEqualTo("search");

		String scrape = sample.scrape();
		assertThat(scrape).containsPattern("orchestrator_plan_seconds_count\\{[^}]*service=\"bduf-orchestrator\"[^}]*team=\"search\"[^}]*} 1")
			.contains("orchestrator_plan_requirements_seconds_count{")
			.contains("orchestrator_plan_cpu_seconds_count{")
			.contains("orchestrator_plan_allocated_bytes_count{")
			.containsPattern("orchestrator_projects_active\\{[^}]*team=\"search\"[^}]*} 0\\.0")
			.containsPattern("orchestrator_projects_planned\\{[^}]*} [1-9]")
			.containsPattern("method_tracked_seconds_count\\{class=\"dev\\.bduf\\.sample\\.DesignReviewService\",component=\"orchestrator\",[^}]*exception=\"none\",[^}]*method=\"checklist\",outcome=\"success\",[^}]*service=\"bduf-orchestrator\"[^}]*} 1")
			.containsPattern("design_review_seconds_count\\{[^}]*method=\"review\"[^}]*phase=\"design\"[^}]*} 1")
			.contains("design_review_cpu_seconds_count{")
			.contains("design_review_allocated_bytes_count{");

		JsonContent performance = sample.json("/actuator/performance/design.review");
		assertThat(performance).extractingPath("$.methods[?(@.method == 'review')].calls").asArray().containsExactly(1);

		JsonContent collector = sample.json("/actuator/collector");
		assertThat(collector).extractingPath("$.seriesPerName['orchestrator.plan']").isEqualTo(1);
		assertThat(collector).extractingPath("$.health.status").isEqualTo("UP");
	}

	@Test
	void plannedProjectShowsUpInTheBusinessReports() {
		HttpResponse<String> created = sample.post("/api/projects?name=gemini&team=core&budget=5000");
		assertThat(created.statusCode()).isEqualTo(201);

		String scrape = sample.scrape();
		assertThat(scrape).containsPattern("orchestrator_plans_completed_sum\\{[^}]*team=\"core\"")
			.containsPattern("orchestrator_plans_pages_points_count\\{[^}]*business=\"true\"")
			// Prometheus reads a trailing _created as a counter's creation time, so the counter
			// business.projects.created is scraped as business_projects_total
			.containsPattern("business_projects_total\\{[^}]*team_size=\"6-20\"")
			.contains("business_analyses_duration_seconds_count{")
			.containsPattern("business_costs_amount_currency_sum\\{[^}]*direction=\"charge\"");

		// Reports come from history: the plan shows once the step it was made in is recorded.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonContent roi = sample.json("/actuator/business/roi?period=P1D");
			assertThat(roi).extractingPath("$.baseCurrency").isEqualTo("USD");
			assertThat(roi).extractingPath("$.byCurrency.USD.value")
				.asNumber()
				.satisfies((value) -> assertThat(value.doubleValue()).isGreaterThanOrEqualTo(5000));
			JsonContent report = sample.json("/actuator/business?period=PT1H");
			assertThat(report)
				.extractingPath("$.metrics[?(@.name == 'orchestrator.plans.completed' && @.tags.team == 'core')].count")
				.asArray()
				.containsExactly(1.0);
		});
		assertThat(sample.get("/actuator/business?period=soon").statusCode()).isEqualTo(400);
	}

	@Test
	void analysisIsTrackedToItsCompletionAndRecordsItsRisk() {
		HttpResponse<String> answer = sample.post("/api/projects/1/analyses?kind=schedule");
		assertThat(answer.statusCode()).isEqualTo(200);
		JsonContent analysis = new JsonContent(answer.body());
		assertThat(analysis).extractingPath("$.kind").isEqualTo("schedule");
		assertThat(analysis).extractingPath("$.riskScore").asNumber().satisfies((risk) -> assertThat(risk.intValue()).isBetween(0, 100));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(sample.scrape())
				.containsPattern("orchestrator_analysis_seconds_count\\{[^}]*class=\"dev\\.bduf\\.sample\\.AnalysisService\"[^}]*exception=\"none\"[^}]*method=\"analyze\"[^}]*outcome=\"success\"[^}]*} 1")
				.containsPattern("orchestrator_analysis_seconds_bucket\\{")
				.containsPattern("method_tracked_seconds_count\\{class=\"dev\\.bduf\\.sample\\.AnalysisService\",component=\"analysis\",[^}]*method=\"kinds\",outcome=\"success\"")
				.containsPattern("orchestrator_analyses_risk_points_count\\{[^}]*business=\"true\"[^}]*kind=\"schedule\"[^}]*} 1")
				.containsPattern("orchestrator_analyses_inflight\\{[^}]*kind=\"schedule\"[^}]*} 0\\.0")
				.containsPattern("business_analyses_completed_total\\{[^}]*analysis_type=\"schedule\"[^}]*} 1");
			JsonContent report = sample.json("/actuator/business?period=PT1H");
			assertThat(report).extractingPath("$.metrics[?(@.name == 'orchestrator.analyses.risk')].count")
				.asArray()
				.containsExactly(1.0);
		});
		JsonContent performance = sample.json("/actuator/performance/orchestrator.analysis");
		assertThat(performance).extractingPath("$.methods[?(@.method == 'analyze')].calls").asArray().containsExactly(1);
	}

	@Test
	void viewingAProjectIsAUserInteraction() {
		long id = ((Number) JsonPath.read(sample.post("/api/projects?name=view-me&team=payments").body(), "$.id"))
			.longValue();
		assertThat(sample.get("/api/projects/" + id + "?user=ada").statusCode()).isEqualTo(200);
		assertThat(sample.get("/api/projects/999999?user=ada").statusCode()).isEqualTo(404);
		assertThat(sample.scrape()).containsPattern("business_interactions_total\\{[^}]*interaction_type=\"view\"");
		assertThat(sample.get("/api/projects?limit=5").statusCode()).isEqualTo(200);
	}

	@Test
	void badParametersAreBadRequestsWithAMessage() {
		HttpResponse<String> budget = sample.post("/api/projects?name=x&budget=-1");
		assertThat(budget.statusCode()).isEqualTo(400);
		assertThat(budget.body()).contains("'budget' must be");
		HttpResponse<String> team = sample.post("/api/projects?name=x&team=%3Cscript%3E");
		assertThat(team.statusCode()).isEqualTo(400);
		assertThat(team.body()).contains("'team' must be");
		HttpResponse<String> kind = sample.post("/api/projects/1/analyses?kind=astrology");
		assertThat(kind.statusCode()).isEqualTo(400);
		assertThat(kind.body()).contains("'kind' must be one of");
		assertThat(sample.get("/api/projects?limit=0").statusCode()).isEqualTo(400);
		assertThat(sample.post("/load/spike?duration=soon").statusCode()).isEqualTo(400);
		assertThat(sample.post("/load/start?rate=-3").statusCode()).isEqualTo(400);
	}

}
