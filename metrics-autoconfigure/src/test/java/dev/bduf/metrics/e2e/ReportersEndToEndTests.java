package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.report.JsonSnapshotFormat;
import dev.bduf.metrics.report.SnapshotDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON reporter, the {@code collector} endpoint's document and metadata, and the
 * reporters' state in the health details, through a real HTTP port at a one-second step.
 */
class ReportersEndToEndTests {

	@TempDir
	static Path directory;

	private static RunningApp app;

	private static Path file;

	private final JsonSnapshotFormat format = new JsonSnapshotFormat();

	@BeforeAll
	static void start() {
		file = directory.resolve("steps.jsonl");
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-reporters",
				"management.endpoints.web.exposure.include=collector,health",
				"management.endpoint.health.show-details=always", "bduf.metrics.history.step=1s",
				"bduf.metrics.instance-id=e2e-reporters-1", "bduf.metrics.reporters.json.enabled=true",
				"bduf.metrics.reporters.json.file=" + file, "bduf.metrics.reporters.console.enabled=true",
				"bduf.metrics.reporters.console.resolution=raw");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void everyStepIsWrittenAsAJsonLineThatReadsBackIntoTheRecords() throws Exception {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		collector.increment("e2e.orders", 3, Map.of("region", "eu"));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(file).exists();
			double total = Files.readAllLines(file)
				.stream()
				.map(this.format::read)
				.flatMap((document) -> document.snapshot().points().stream())
				.filter((point) -> point.name().equals("e2e.orders"))
				.mapToDouble(SeriesPoint::sum)
				.sum();
			assertThat(total).isEqualTo(3.0);
		});
		SnapshotDocument first = this.format.read(Files.readAllLines(file).get(0));
		assertThat(first.metadata().instanceId()).isEqualTo("e2e-reporters-1");
		assertThat(first.snapshot().instanceId()).isEqualTo("e2e-reporters-1");
	}

	@Test
	void theCollectorEndpointAnswersTheLatestDocumentAndShowsTheMetadataAndReporters() throws Exception {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> document = app.get("/actuator/collector/report/json");
			assertThat(document.statusCode()).isEqualTo(200);
			assertThat(document.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			SnapshotDocument read = this.format.read(document.body());
			assertThat(read.metadata().processId()).isEqualTo(ProcessHandle.current().pid());
			assertThat(read.snapshot().points()).extracting(SeriesPoint::name).contains("jvm.memory.used");
		});
		assertThat(app.get("/actuator/collector/report/xml").statusCode()).isEqualTo(404);

		HttpResponse<String> collector = app.get("/actuator/collector");
		assertThat(collector.statusCode()).isEqualTo(200);
		assertThat(collector.body()).contains("\"metadata\":{\"collectorVersion\":",
				"\"instanceId\":\"e2e-reporters-1\"", "\"javaVersion\":\"" + System.getProperty("java.version"),
				"\"reporters\":[{\"name\":\"", "{\"name\":\"console\"", "{\"name\":\"json\"");

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> health = app.get("/actuator/health/metricsCollector");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"reporters\":{", "\"json\":{\"name\":\"json\"", "\"lastSuccess\":\"",
					"\"lag\":", "\"dropped\":0");
		});
		assertThat(List.of(app.get("/actuator/collector/jvm.memory.used").statusCode())).containsAnyOf(200, 404);
	}

}
