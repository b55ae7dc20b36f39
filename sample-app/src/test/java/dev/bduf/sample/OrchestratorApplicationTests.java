package dev.bduf.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app starts on its defaults (no Redis, no other service), plans a project
 * over HTTP, and shows it in the collector endpoint and the Prometheus scrape.
 */
class OrchestratorApplicationTests {

	private static ConfigurableApplicationContext context;

	private static final HttpClient http = HttpClient.newHttpClient();

	private static String base;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(OrchestratorApplication.class).run("--server.port=0",
				"--orchestrator.load.enabled=false");
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void plannedProjectShowsUpInTheScrapeAndTheCollectorEndpoint() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/projects?name=apollo&team=search"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(created.statusCode()).isEqualTo(201);
		JsonContent project = new JsonContent(created.body());
		assertThat(project).extractingPath("$.name").isEqualTo("apollo");
		assertThat(project).extractingPath("$.team").isEqualTo("search");

		String scrape = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build()).body();
		assertThat(scrape).containsPattern("orchestrator_plan_seconds_count\\{[^}]*service=\"bduf-orchestrator\"[^}]*team=\"search\"[^}]*} 1")
			.contains("orchestrator_plan_requirements_seconds_count{")
			.contains("orchestrator_plan_cpu_seconds_count{")
			.contains("orchestrator_plan_allocated_bytes_count{")
			.containsPattern("orchestrator_projects_active\\{[^}]*team=\"search\"[^}]*} 0\\.0")
			.containsPattern("method_tracked_seconds_count\\{class=\"dev\\.bduf\\.sample\\.DesignReviewService\",component=\"orchestrator\",[^}]*exception=\"none\",[^}]*method=\"checklist\",outcome=\"success\",[^}]*service=\"bduf-orchestrator\"[^}]*} 1")
			.containsPattern("design_review_seconds_count\\{[^}]*method=\"review\"[^}]*phase=\"design\"[^}]*} 1")
			.contains("design_review_cpu_seconds_count{")
			.contains("design_review_allocated_bytes_count{");

		JsonContent performance = new JsonContent(
				send(HttpRequest.newBuilder(URI.create(base + "/actuator/performance/design.review")).build()).body());
		assertThat(performance).extractingPath("$.methods[?(@.method == 'review')].calls").asArray().containsExactly(1);

		JsonContent collector = new JsonContent(
				send(HttpRequest.newBuilder(URI.create(base + "/actuator/collector")).build()).body());
		assertThat(collector).extractingPath("$.seriesPerName['orchestrator.plan']").isEqualTo(1);
		assertThat(collector).extractingPath("$.health.status").isEqualTo("UP");
	}

	@Test
	void plannedProjectShowsUpInTheBusinessReports() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/projects?name=gemini&team=core&budget=5000"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(created.statusCode()).isEqualTo(201);

		String scrape = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build()).body();
		assertThat(scrape).containsPattern("orchestrator_plans_completed_sum\\{[^}]*team=\"core\"")
			.containsPattern("orchestrator_plans_pages_points_count\\{[^}]*business=\"true\"")
			// Prometheus reads a trailing _created as a counter's creation time, so the counter
			// business.projects.created is scraped as business_projects_total
			.containsPattern("business_projects_total\\{[^}]*team_size=\"6-20\"")
			.contains("business_analyses_duration_seconds_count{")
			.containsPattern("business_costs_amount_currency_sum\\{[^}]*direction=\"charge\"");

		JsonContent roi = new JsonContent(
				send(HttpRequest.newBuilder(URI.create(base + "/actuator/business/roi?period=P1D")).build()).body());
		assertThat(roi).extractingPath("$.baseCurrency").isEqualTo("USD");
		assertThat(roi).extractingPath("$.byCurrency.USD.value")
			.asNumber()
			.satisfies((value) -> assertThat(value.doubleValue()).isGreaterThanOrEqualTo(5000));
		HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(base + "/actuator/business?period=soon")).build());
		assertThat(bad.statusCode()).isEqualTo(400);
	}

	@Test
	void invalidBudgetIsABadRequest() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/projects?name=x&budget=-1"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
