package dev.bduf.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The sample app processed by Spring AOT ({@code ./mvnw -pl sample-app -am verify -Paot})
 * and started as its own JVM with {@code -Dspring.aot.enabled=true}: it runs on the
 * generated bean definitions, its endpoints answer, and {@code @Tracked} and
 * {@code @BusinessMetric} beans are proxied, so tracked and business meters reach the
 * Prometheus scrape.
 * <p>
 * Without the AOT-generated classes (a build without {@code -Paot}) the test is skipped;
 * the {@code aot} profile sets {@code bduf.aot.required=true}, which makes it fail instead.
 * Conditions are evaluated when AOT processes the application, not at startup, so the
 * application runs as configured at build time.
 */
class AotApplicationTests {

	private static final String INITIALIZER = OrchestratorApplication.class.getName()
			+ "__ApplicationContextInitializer";

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private static final Pattern TRACKED = Pattern
		.compile("(?m)^[a-z_]+_seconds_count\\{[^}]*class=\"dev\\.bduf\\.sample\\.[^}]*method=\"[^\"]+\"[^}]*} [1-9]");

	private static final Pattern BUSINESS = Pattern.compile("(?m)^[a-z_]+\\{[^}]*business=\"true\"[^}]*} [1-9]");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aotProcessedApplicationAnswersAndRecordsTrackedAndBusinessMeters(@TempDir Path dir) throws Exception {
		if (!ClassUtils.isPresent(INITIALIZER, getClass().getClassLoader())) {
			String message = "No AOT-generated classes (" + INITIALIZER + "): build with -Paot to run this test";
			if (Boolean.getBoolean("bduf.aot.required")) {
				fail(message);
			}
			Assumptions.abort(message);
		}
		int port = freePort();
		Path log = dir.resolve("app.log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		command.add("-cp");
		command.add(classPath());
		command.add(OrchestratorApplication.class.getName());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.add("--management.endpoints.web.exposure.include=health,collector,prometheus");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		String base = "http://127.0.0.1:" + port;
		try {
			HttpResponse<String> health = awaitHealth(process, base + "/actuator/health", log);
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"metricsCollector\"");
			assertThat(Files.readString(log)).contains("Starting AOT-processed");

			// the sample's own API (and, where it runs, its load generator) drives tracked
			// and business calls; either is enough
			postQuietly(base + "/api/projects?name=aot&team=core&budget=1000");
			String scrape = awaitScrape(base + "/actuator/prometheus", log);
			assertThat(scrape).containsPattern(TRACKED).containsPattern(BUSINESS);

			HttpResponse<String> collector = get(base + "/actuator/collector");
			assertThat(collector.statusCode()).isEqualTo(200);
			assertThat(collector.body()).contains("\"attempted\"").contains("\"health\"");
			assertThat(Files.readString(log)).doesNotContain("not eligible for getting processed by all BeanPostProcessors");
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private HttpResponse<String> awaitHealth(Process process, String url, Path log) throws Exception {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				fail("The AOT-processed application exited with " + process.exitValue() + ":%n%s", tail(log));
			}
			try {
				HttpResponse<String> response = get(url);
				if (response.statusCode() == 200) {
					return response;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		return fail("The AOT-processed application did not answer within " + STARTUP + ":%n%s", tail(log));
	}

	private String awaitScrape(String url, Path log) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		String scrape = "";
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = get(url);
			assertThat(response.statusCode()).isEqualTo(200);
			scrape = response.body();
			if (TRACKED.matcher(scrape).find() && BUSINESS.matcher(scrape).find()) {
				return scrape;
			}
			Thread.sleep(500);
		}
		return scrape;
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private void postQuietly(String url) {
		try {
			this.http.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// the scrape decides
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The test's class path: Surefire hands it over in a property (its JVM sees a manifest jar). */
	private static String classPath() {
		String classPath = System.getProperty("surefire.test.class.path");
		return (classPath != null && !classPath.isBlank()) ? classPath : System.getProperty("java.class.path");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

}
