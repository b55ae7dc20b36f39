package dev.bduf.metrics.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.test.ExternalTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose only metrics dependency is this starter, and whose only setting is
 * {@code spring.application.name} (plus exposing the endpoints), gets the collector, its
 * health component, the {@code collector} endpoint, default tags on every meter and a
 * scrape promtool accepts, and starts as quietly as Boot itself.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterOnlyApplicationTests {

	private static ConfigurableApplicationContext context;

	private static String base;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(NewApplication.class).run("--server.port=0",
				"--spring.application.name=new-app",
				"--management.endpoints.web.exposure.include=health,collector,prometheus");
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void collectorHealthComponentAndEndpointArePresent() throws Exception {
		assertThat(context.getBean(MetricsCollector.class)).isNotNull();
		assertThat(context.getBean(HealthContributorRegistry.class).getContributor("metricsCollector")).isNotNull();
		HttpResponse<String> collector = get("/actuator/collector");
		assertThat(collector.statusCode()).isEqualTo(200);
		JsonContent body = new JsonContent(collector.body());
		assertThat(body).hasPath("$.rejectedByReason");
		assertThat(body).extractingPath("$.health.status").isEqualTo("UP");
	}

	@Test
	void startupLogHasNoWarningOfTheStarters(CapturedOutput output) {
		// the output of @BeforeAll, where the application started
		List<String> warnings = output.getAll()
			.lines()
			.filter((line) -> line.contains(" WARN ") || line.contains("WARNING"))
			.filter((line) -> line.contains("dev.bduf") || line.contains("d.b.m.") || line.contains("trackedAdvisor")
					|| line.contains("not eligible for getting processed"))
			.toList();
		assertThat(output.getAll()).contains("Tomcat started on port");
		assertThat(warnings).isEmpty();
	}

	@Test
	void everyMeterCarriesTheDefaultTags() throws Exception {
		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		// Boot's own JVM meters too, and instance_id rather than Prometheus's own "instance"
		assertThat(scrape.body())
			.containsPattern("jvm_threads_live_threads\\{[^}]*instance_id=\"[^\"]+-\\d+\"[^}]*service=\"new-app\"")
			.doesNotContain("instance=\"");
	}

	@Test
	void scrapeShowsTheCollectorsMetersAndPassesPromtool() throws Exception {
		var promtool = ExternalTools.requirePromtool();
		context.getBean(MetricsCollector.class).increment("signups", 1, Map.of("plan", "free"));
		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).containsPattern("signups_total\\{[^}]*plan=\"free\"[^}]*service=\"new-app\"[^}]*} 1\\.0");
		ExternalTools.assertValidExposition(promtool, scrape.body(), "signups");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class NewApplication {

	}

}
