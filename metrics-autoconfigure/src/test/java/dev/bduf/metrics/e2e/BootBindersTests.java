package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's system and application collectors are Spring Boot's own binders: the JVM,
 * process and HTTP server meters of a plain application carry the starter's default tags
 * in the Prometheus scrape and are kept in the history like any other meter; a group
 * switched off with {@code management.metrics.enable.<prefix>=false} is in neither.
 */
class BootBindersTests {

	private static final List<String> DEFAULT_TAGS = List.of("environment=\"default\"", "instance_id=\"binders-1\"",
			"service=\"binders-e2e\"", "version=\"unknown\"");

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=binders-e2e",
				"management.endpoints.web.exposure.include=prometheus,timeseries,health",
				"bduf.metrics.history.step=1s", "bduf.metrics.instance-id=binders-1",
				// one group off: Boot's system.* binders (CPU count, load average)
				"management.metrics.enable.system=false");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void bootBindersCarryTheDefaultTags() throws Exception {
		assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
		String scrape = app.get("/actuator/prometheus").body();
		for (String prefix : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_",
				"jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds",
				"http_server_requests_seconds_count", "tomcat_sessions_active_current_sessions")) {
			List<String> lines = scrape.lines().filter((line) -> line.startsWith(prefix)).toList();
			assertThat(lines).as(prefix).isNotEmpty();
			for (String line : lines) {
				assertThat(line).as(prefix).contains(DEFAULT_TAGS);
			}
		}
		assertThat(scrape.lines().filter((line) -> line.startsWith("system_"))).as("system.* switched off").isEmpty();
	}

	@Test
	void bootBindersAppearInHistory() throws Exception {
		assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			String names = app.get("/actuator/timeseries").body();
			assertThat(names).contains("\"jvm.memory.used\"", "\"jvm.threads.live\"", "\"process.cpu.usage\"",
					"\"http.server.requests\"").doesNotContain("\"system.cpu.count\"");
		});
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> memory = app
				.get("/actuator/timeseries/jvm.memory.used?from=-5m&step=1m&stat=value,max&groupBy=area");
			assertThat(memory.statusCode()).isEqualTo(200);
			assertThat(memory.body()).contains("\"area\":\"heap\"", "\"area\":\"nonheap\"", "\"value\":");
			HttpResponse<String> requests = app.get(
					"/actuator/timeseries/http.server.requests?tag=uri:/actuator/health&tag=instance_id:binders-1&from=-5m&step=5m&stat=count");
			assertThat(requests.body()).contains("\"service\":\"binders-e2e\"", "\"count\":");
		});
	}

}
