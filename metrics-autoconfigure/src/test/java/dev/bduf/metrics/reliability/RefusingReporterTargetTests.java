package dev.bduf.metrics.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.report.MetricsReporter;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.ReporterStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON reporter POSTing to a loopback port where nothing listens: each snapshot is
 * given up after a bounded number of attempts, the failures show in the {@code collector}
 * endpoint and the {@code metricsCollector} health details, another reporter and the
 * history thread go on unaffected, and once a receiver listens on that port the reporter
 * delivers again.
 */
class RefusingReporterTargetTests {

	private static final int MAX_ATTEMPTS = 3;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private ConfigurableApplicationContext context;

	private HttpServer receiver;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	void failuresAreCountedAndShownOthersGoOnAndTheReporterRecoversWhenTheTargetListens() throws Exception {
		int port = closedPort();
		this.context = new SpringApplicationBuilder(RefusingTargetApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=collector,health",
					"management.endpoint.health.show-details=always",
					"management.endpoint.health.show-components=always", "bduf.metrics.history.step=1s",
					"bduf.metrics.instance-id=refusing-1", "bduf.metrics.reporters.json.enabled=true",
					"bduf.metrics.reporters.json.url=http://127.0.0.1:" + port + "/ingest",
					"bduf.metrics.reporters.json.timeout=2s",
					"bduf.metrics.reporters.json.max-attempts=" + MAX_ATTEMPTS,
					"bduf.metrics.reporters.json.initial-backoff=10ms", "bduf.metrics.reporters.json.max-backoff=40ms")
			.run();
		String base = "http://127.0.0.1:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
		ReporterDispatcher dispatcher = this.context.getBean(ReporterDispatcher.class);
		HistoryRecorder history = this.context.getBean(HistoryRecorder.class);
		RecordingReporter recording = this.context.getBean(RecordingReporter.class);

		await().atMost(Duration.ofSeconds(30)).until(() -> status(dispatcher, "json").failed() >= 3);
		ReporterStatus failing = status(dispatcher, "json");
		assertThat(failing.reported()).isZero();
		assertThat(failing.lastError()).isNotNull();
		assertThat(failing.lastSuccess()).isNull();
		assertThat(failing.lastErrorMessage()).contains("ConnectException")
			.contains("attempt " + MAX_ATTEMPTS + " of " + MAX_ATTEMPTS);
		// the other reporter and the history thread did not wait for the failing one
		long steps = history.steps();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> history.steps() >= steps + 2 && recording.reported.get() >= steps);
		ReporterStatus other = status(dispatcher, "recording");
		assertThat(other.failed()).isZero();
		assertThat(other.dropped()).isZero();
		assertThat(other.reported()).isPositive();

		JsonNode collector = get(base + "/actuator/collector");
		JsonNode shown = reporter(collector.get("reporters"), "json");
		assertThat(shown.get("failed").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(shown.get("lastErrorMessage").asString()).contains("ConnectException");
		JsonNode health = get(base + "/actuator/health/metricsCollector");
		JsonNode healthJson = health.get("details").get("reporters").get("json");
		assertThat(healthJson.get("failed").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(healthJson.get("lastErrorMessage").asString()).contains("ConnectException");

		// a receiver appears on that port: the reporter delivers again
		AtomicInteger received = new AtomicInteger();
		this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		this.receiver.createContext("/ingest", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				if (in.readAllBytes().length > 0) {
					received.incrementAndGet();
				}
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.receiver.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> status(dispatcher, "json").reported() >= 2);
		ReporterStatus recovered = status(dispatcher, "json");
		assertThat(recovered.lastSuccess()).isAfterOrEqualTo(recovered.lastError());
		assertThat(received.get()).isGreaterThanOrEqualTo(2);
		JsonNode after = reporter(get(base + "/actuator/collector").get("reporters"), "json");
		assertThat(after.get("reported").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(after.get("lastSuccess").isNull()).isFalse();
	}

	private static ReporterStatus status(ReporterDispatcher dispatcher, String name) {
		return dispatcher.statuses()
			.stream()
			.filter((status) -> status.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no reporter named " + name + " in " + dispatcher.statuses()));
	}

	private static JsonNode reporter(JsonNode reporters, String name) {
		assertThat(reporters).as("reporters").isNotNull();
		if (reporters.isObject()) {
			return reporters.get(name);
		}
		for (JsonNode reporter : reporters) {
			if (name.equals(reporter.get("name").asString())) {
				return reporter;
			}
		}
		throw new AssertionError("no reporter named " + name + " in " + reporters);
	}

	private JsonNode get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
		return this.mapper.readTree(response.body());
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Counts the raw steps it is given.
	 */
	static final class RecordingReporter implements MetricsReporter {

		final AtomicInteger reported = new AtomicInteger();

		@Override
		public String name() {
			return "recording";
		}

		@Override
		public void report(StepSnapshot snapshot) {
			this.reported.incrementAndGet();
		}

	}

	@EnableAutoConfiguration
	static class RefusingTargetApplication {

		@Bean
		RecordingReporter recordingReporter() {
			return new RecordingReporter();
		}

	}

}
