package dev.bduf.metrics.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.stream.StreamHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code metricstream} endpoint on a WebFlux application, and on a separate
 * management port: events with the right data, 400, the cap's 503, a disconnect freeing
 * the subscriber, a stalled client not delaying another.
 */
class MetricStreamOtherServersEndToEndTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void streamsOnWebFlux() throws Exception {
		try (RunningApp app = new RunningApp(MinimalApplication.class, "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=metricstream,health", "bduf.metrics.history.enabled=false",
				"bduf.metrics.stream.min-interval=100ms", "bduf.metrics.stream.heartbeat=500ms",
				"bduf.metrics.stream.max-subscribers=2", "bduf.metrics.stream.queue-size=4")) {
			assertThat(app.context.getClass().getName()).contains("Reactive");
			exercise(app, app.baseUrl());
		}
	}

	@Test
	void streamsOnASeparateManagementPort() throws Exception {
		try (RunningApp app = new RunningApp(MinimalApplication.class, "management.server.port=0",
				"management.endpoints.web.exposure.include=metricstream,health", "bduf.metrics.history.enabled=false",
				"bduf.metrics.stream.min-interval=100ms", "bduf.metrics.stream.heartbeat=500ms",
				"bduf.metrics.stream.max-subscribers=2", "bduf.metrics.stream.queue-size=4")) {
			String port = app.context.getEnvironment().getProperty("local.management.port");
			assertThat(port).isNotNull().isNotEqualTo(app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1));
			String management = "http://127.0.0.1:" + port;
			// not on the application's port
			assertThat(get(app.baseUrl() + "/actuator/metricstream?interval=nope").statusCode()).isEqualTo(404);
			exercise(app, management);
		}
	}

	private static void exercise(RunningApp app, String base) throws Exception {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		StreamHub hub = app.bean(StreamHub.class);
		collector.increment("other.orders", 4, Map.of("region", "eu"));
		try (SseClient client = SseClient.connect(
				base + "/actuator/metricstream?name=other.*&tag=region:eu&interval=200ms&mode=values", null)) {
			assertThat(client.status).isEqualTo(200);
			assertThat(client.contentType).startsWith("text/event-stream");
			SseClient.Event first = client.nextSnapshot(WAIT);
			JsonNode series = first.json().get("series").get(0);
			assertThat(series.get("name").asString()).isEqualTo("other.orders");
			assertThat(series.get("value").asDouble()).isEqualTo(4.0);
			collector.increment("other.orders", 1, Map.of("region", "eu"));
			await().atMost(WAIT)
				.until(() -> client.nextSnapshot(WAIT).json().get("series").get(0).get("value").asDouble() == 5.0);
			assertThat(client.next(WAIT).seq()).isGreaterThan(first.seq());
			await().atMost(WAIT).until(() -> client.heartbeats.get() >= 1);

			try (SseClient second = SseClient.connect(base + "/actuator/metricstream", null)) {
				assertThat(second.status).isEqualTo(200);
				SseClient refused = SseClient.connect(base + "/actuator/metricstream", null);
				assertThat(refused.status).isEqualTo(503);
				assertThat(refused.body).contains("bduf.metrics.stream.max-subscribers");
			}
		}
		await().atMost(WAIT).until(() -> hub.subscribers() == 0);
		StalledStreamClient.doesNotDelayAnother(collector, hub, base, "other.wide", WAIT, (stalled) -> {
		});
		await().atMost(WAIT).until(() -> hub.subscribers() == 0);
		HttpResponse<String> bad = get(base + "/actuator/metricstream?tag=region");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("tag must be key:value");
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
