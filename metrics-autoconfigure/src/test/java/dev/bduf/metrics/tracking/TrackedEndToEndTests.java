package dev.bduf.metrics.tracking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.test.json.JsonContent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Boot application on a random port: {@code @Tracked} calls show up in Boot's own
 * Prometheus scrape, which passes {@code promtool check metrics}, and in the
 * {@code performance} endpoint.
 */
class TrackedEndToEndTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void trackedCallsAppearInThePrometheusScrapeAndThePerformanceEndpoint() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TrackedApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=*",
					"spring.application.name=tracked-e2e")
			.run()) {
			Quotes quotes = context.getBean(Quotes.class);
			for (int i = 0; i < 3; i++) {
				assertThat(quotes.quote("ACME")).isEqualTo("ACME:42");
			}
			assertThat(quotes.symbols()).hasSize(2);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			String scrape = get(port, "/actuator/prometheus", "text/plain;version=0.0.4");
			// the default tags (environment, instance_id, service, version) sort in between
			assertThat(scrape).containsPattern("method_tracked_seconds_count\\{class=\"" + Quotes.class.getName()
					.replace("$", "\\$") + "\",[^}]*exception=\"none\",[^}]*method=\"quote\",outcome=\"success\""
					+ ",service=\"tracked-e2e\"[^}]*} 3");
			assertThat(scrape).contains("method_tracked_seconds_count{class=\"" + Quotes.class.getName())
				.contains("method=\"symbols\"")
				.contains("method_tracked_cpu_seconds_count")
				.contains("method_tracked_allocated_bytes_count");
			// The whole scrape must parse; Boot's and Micrometer's own meters carry lint
			// warnings (exit code 3) that are not ours to fix.
			assertThat(promtoolCheck(scrape)).isIn(0, 3);
			// Our families must be lint-clean.
			String tracked = scrape.lines()
				.filter((line) -> line.startsWith("method_tracked") || line.startsWith("# HELP method_tracked")
						|| line.startsWith("# TYPE method_tracked"))
				.collect(java.util.stream.Collectors.joining("\n", "", "\n"));
			assertThat(tracked).contains("# HELP method_tracked_seconds");
			assertThat(promtoolCheck(tracked)).isZero();
			JsonContent report = new JsonContent(get(port, "/actuator/performance?method=quote", "application/json"));
			assertThat(report).extractingPath("$.methods[*].method").asArray().containsExactly("quote");
			assertThat(report).extractingPath("$.methods[0].calls").isEqualTo(3);
			assertThat(report).doesNotHavePath("$.methods[0].symbols");
		}
	}

	private String get(int port, String path, String accept) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	/**
	 * Run {@code promtool check metrics}: exit code 0 when clean, 3 when it parsed with
	 * lint problems, 1 when it did not parse.
	 */
	private static int promtoolCheck(String scrape) throws IOException, InterruptedException {
		Path promtool = findOnPath("promtool");
		if (promtool == null) {
			if ("true".equals(System.getenv("BDUF_REQUIRE_EXTERNAL_TOOLS"))) {
				throw new AssertionError("promtool not found but BDUF_REQUIRE_EXTERNAL_TOOLS=true: install it "
						+ "(Debian package prometheus)");
			}
			Assumptions.assumeTrue(false, "promtool not found: install it (Debian package prometheus) to run this test");
			return 0;
		}
		Path input = Files.createTempFile("scrape", ".prom");
		Path output = Files.createTempFile("promtool", ".out");
		try {
			Files.writeString(input, scrape, StandardCharsets.UTF_8);
			Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(input.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
			int exit = process.exitValue();
			assertThat(exit).as("promtool check metrics: " + Files.readString(output)).isNotEqualTo(1);
			if (exit != 0) {
				assertThat(Files.readString(output)).as("lint problems of our meters").doesNotContain("method_tracked");
			}
			return exit;
		}
		finally {
			Files.deleteIfExists(input);
			Files.deleteIfExists(output);
		}
	}

	private static Path findOnPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String directory : path.split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(directory, executable);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TrackedApplication {

		@Bean
		Quotes quotes() {
			return new Quotes();
		}

	}

	@Tracked
	static class Quotes {

		@Tracked(threshold = "5s", trackCpu = true, trackMemory = true)
		public String quote(String symbol) {
			return symbol + ":42";
		}

		public java.util.List<String> symbols() {
			return java.util.List.of("ACME", "INITECH");
		}

	}

}
