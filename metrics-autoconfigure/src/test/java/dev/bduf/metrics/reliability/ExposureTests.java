package dev.bduf.metrics.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.bduf.metrics.tracking.Tracked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of the starter is reachable over HTTP unless the application includes it in
 * Boot's endpoint exposure, and the arguments of tracked methods stay out of tags, the
 * scrape and the log unless {@code includeArgs} asks for them.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExposureTests {

	/** Every endpoint id of the starter (DESIGN.md). */
	static final List<String> ENDPOINTS = List.of("collector", "performance", "timeseries", "metricstream", "alerts",
			"business", "dashboard");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void withBootsDefaultExposureOnlyHealthAnswersAndItShowsNoDetails() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			for (String id : ENDPOINTS) {
				assertThat(get(context, "/actuator/" + id).statusCode()).as(id).isEqualTo(404);
			}
			assertThat(get(context, "/actuator/prometheus").statusCode()).isEqualTo(404);
			HttpResponse<String> health = get(context, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).doesNotContain("metricsCollector").doesNotContain("rejected");
		}
	}

	@Test
	void anEndpointAnswersOnlyOnceIncludedAndTheOthersStayClosed() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=collector")) {
			assertThat(get(context, "/actuator/collector").statusCode()).isEqualTo(200);
			for (String id : ENDPOINTS.subList(1, ENDPOINTS.size())) {
				assertThat(get(context, "/actuator/" + id).statusCode()).as(id).isEqualTo(404);
			}
		}
	}

	@Test
	void trackedArgumentsStayOutOfTagsScrapeAndLogByDefault(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=prometheus",
				"logging.level.dev.bduf=TRACE")) {
			Vault vault = context.getBean(Vault.class);
			vault.open("s3cr3t-passw0rd");
			try {
				vault.fail("t0ken-abc");
			}
			catch (IllegalStateException expected) {
				// the failure is recorded with its exception's class name only
			}
			String scrape = get(context, "/actuator/prometheus").body();
			assertThat(scrape).contains("vault_access_seconds_count");
			assertThat(scrape).doesNotContain("s3cr3t").doesNotContain("t0ken");
			assertThat(output.getAll()).doesNotContain("s3cr3t").doesNotContain("t0ken");
		}
	}

	private ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(ExposedApplication.class).properties("server.port=0")
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class ExposedApplication {

		@Bean
		Vault vault() {
			return new Vault();
		}

	}

	/**
	 * A tracked bean whose arguments are secrets.
	 */
	static class Vault {

		@Tracked("vault.access")
		public String open(String password) {
			return "opened";
		}

		@Tracked("vault.access")
		public void fail(String token) {
			throw new IllegalStateException("refused");
		}

	}

}
