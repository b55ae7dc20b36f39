package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.stream.StreamHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code metricstream} endpoint through a real HTTP port on a Spring MVC application:
 * events each interval with the right data, alerts, {@code Last-Event-ID}, a stalled
 * client, the subscriber cap, disconnects.
 */
class MetricStreamEndToEndTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static RunningApp app;

	private static String base;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-stream",
				"management.endpoints.web.exposure.include=metricstream,health", "bduf.metrics.history.enabled=false",
				"bduf.metrics.stream.min-interval=100ms", "bduf.metrics.stream.heartbeat=500ms",
				"bduf.metrics.stream.max-subscribers=3", "bduf.metrics.stream.queue-size=4",
				"bduf.metrics.stream.replay-size=8", "spring.mvc.async.request-timeout=1s");
		base = app.baseUrl();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@BeforeEach
	void noSubscribersLeft() {
		StreamHub hub = app.bean(StreamHub.class);
		await().atMost(WAIT).until(() -> hub.subscribers() == 0);
	}

	@Test
	void sendsTheMatchingSeriesEveryInterval() throws Exception {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		collector.increment("stream.orders", 3, Map.of("region", "eu"));
		collector.increment("stream.orders", 1, Map.of("region", "us"));
		try (SseClient values = SseClient.connect(base + "/actuator/metricstream?name=stream.ord*&tag=region:eu"
				+ "&interval=300ms&mode=values", null);
				SseClient deltas = SseClient.connect(base + "/actuator/metricstream?name=stream.orders&interval=300ms",
						null)) {
			assertThat(values.status).isEqualTo(200);
			assertThat(values.contentType).startsWith("text/event-stream");
			SseClient.Event first = values.nextSnapshot(WAIT);
			JsonNode json = first.json();
			assertThat(json.get("seq").asLong()).isEqualTo(first.seq());
			assertThat(json.get("interval").asString()).isEqualTo("PT0.3S");
			assertThat(json.get("mode").asString()).isEqualTo("values");
			assertThat(Instant.parse(json.get("time").asString())).isBefore(Instant.now().plusSeconds(1));
			assertThat(json.get("series")).hasSize(1);
			JsonNode series = json.get("series").get(0);
			assertThat(series.get("name").asString()).isEqualTo("stream.orders");
			assertThat(series.get("kind").asString()).isEqualTo("COUNTER");
			assertThat(series.get("tags").get("region").asString()).isEqualTo("eu");
			assertThat(series.get("value").asDouble()).isEqualTo(3.0);
			assertThat(series.get("p99").isNull()).isTrue();

			// deltas: the increase over one interval, every interval
			deltas.nextSnapshot(WAIT);
			collector.increment("stream.orders", 5, Map.of("region", "eu"));
			double seen = 0;
			long previous = 0;
			List<Long> seqs = new ArrayList<>();
			Instant until = Instant.now().plusSeconds(3);
			while (Instant.now().isBefore(until)) {
				SseClient.Event event = deltas.nextSnapshot(WAIT);
				assertThat(event.seq()).isGreaterThan(previous);
				previous = event.seq();
				seqs.add(event.seq());
				for (JsonNode s : event.json().get("series")) {
					assertThat(s.get("name").asString()).isEqualTo("stream.orders");
					if (s.get("tags").get("region").asString().equals("eu")) {
						seen += s.get("value").asDouble();
					}
				}
			}
			assertThat(seen).isEqualTo(5.0);
			// three seconds at 300 ms: about ten updates; a loaded machine may lag, never stall
			assertThat(seqs).hasSizeGreaterThanOrEqualTo(4);
			// the stream outlives spring.mvc.async.request-timeout (1s)
			assertThat(values.nextSnapshot(WAIT).json().get("series").get(0).get("value").asDouble()).isEqualTo(8.0);
		}
	}

	@Test
	void forwardsAlertEvents() throws Exception {
		try (SseClient client = SseClient.connect(base + "/actuator/metricstream?name=nothing.here&interval=200ms",
				null)) {
			client.nextSnapshot(WAIT);
			app.context.publishEvent(new AlertEvent("slow-orders", "stream.orders", Map.of("region", "eu"), 12.5, 10,
					AlertState.FIRING, AlertState.PENDING, Instant.parse("2026-01-01T00:00:00Z"), "critical"));
			SseClient.Event alert = client.next(WAIT);
			while (!alert.event().equals("alert")) {
				alert = client.next(WAIT);
			}
			JsonNode json = alert.json();
			assertThat(alert.id()).isNotBlank();
			assertThat(json.get("rule").asString()).isEqualTo("slow-orders");
			assertThat(json.get("state").asString()).isEqualTo("FIRING");
			assertThat(json.get("previous").asString()).isEqualTo("PENDING");
			assertThat(json.get("value").asDouble()).isEqualTo(12.5);
			assertThat(json.get("since").asString()).isEqualTo("2026-01-01T00:00:00Z");
			assertThat(json.get("tags").get("region").asString()).isEqualTo("eu");
		}
	}

	@Test
	void resumesAfterLastEventId() throws Exception {
		String url = base + "/actuator/metricstream?name=jvm.memory.used&interval=200ms";
		long first;
		long second;
		try (SseClient client = SseClient.connect(url, null)) {
			first = client.nextSnapshot(WAIT).seq();
			second = client.nextSnapshot(WAIT).seq();
		}
		try (SseClient resumed = SseClient.connect(url, Long.toString(first))) {
			SseClient.Event replayed = resumed.nextSnapshot(WAIT);
			assertThat(replayed.seq()).isEqualTo(second);
			assertThat(replayed.json().get("dropped").asLong()).isZero();
		}
		// long gone from the replay buffer (8 updates): told how many were missed
		StreamHub hub = app.bean(StreamHub.class);
		try (SseClient keepGoing = SseClient.connect(url, null)) {
			await().atMost(WAIT).until(() -> hub.lastSequence() > second + 20);
		}
		try (SseClient late = SseClient.connect(url, Long.toString(second))) {
			SseClient.Event event = late.nextSnapshot(WAIT);
			assertThat(event.json().get("dropped").asLong()).isPositive();
		}
	}

	@Test
	void aStalledClientDoesNotDelayAnother() throws Exception {
		StalledStreamClient.doesNotDelayAnother(app.bean(MetricsCollector.class), app.bean(StreamHub.class), base,
				"stream.wide", WAIT, (stalled) -> assertThat(stalled.isOpen()).isTrue());
	}

	@Test
	void refusesSubscribersBeyondTheCap() throws Exception {
		StreamHub hub = app.bean(StreamHub.class);
		List<SseClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				SseClient client = SseClient.connect(base + "/actuator/metricstream?interval=1s", null);
				open.add(client);
				assertThat(client.status).isEqualTo(200);
			}
			assertThat(hub.subscribers()).isEqualTo(3);
			SseClient refused = SseClient.connect(base + "/actuator/metricstream", null);
			assertThat(refused.status).isEqualTo(503);
			assertThat(refused.body).contains("bduf.metrics.stream.max-subscribers");
		}
		finally {
			open.forEach(SseClient::close);
		}
		await().atMost(WAIT).until(() -> hub.subscribers() == 0);
		try (SseClient again = SseClient.connect(base + "/actuator/metricstream", null)) {
			assertThat(again.status).isEqualTo(200);
		}
	}

	@Test
	void freesTheSubscriberOfAClientThatLeft() {
		StreamHub hub = app.bean(StreamHub.class);
		SseClient client = SseClient.connect(base + "/actuator/metricstream?name=jvm.*&interval=2s", null);
		assertThat(hub.subscribers()).isEqualTo(1);
		assertThat(hub.isActive()).isTrue();
		client.close();
		// found on the next write: a heartbeat (500 ms) or an update
		await().atMost(WAIT).until(() -> hub.subscribers() == 0);
		await().atMost(WAIT).until(() -> !hub.isActive());
	}

	@Test
	void badParametersAnswer400WithAMessage() throws Exception {
		assertBadRequest("?interval=soon", "interval must be a duration");
		assertBadRequest("?tag=region", "tag must be key:value");
		assertBadRequest("?mode=both", "mode must be values or deltas");
		assertBadRequest("?interval=-1s", "interval must be positive");
		HttpResponse<String> sessions = app.get("/actuator/metricstream/sessions");
		assertThat(sessions.statusCode()).isEqualTo(200);
		assertThat(sessions.body()).contains("\"maxSubscribers\":3");
	}

	private static void assertBadRequest(String query, String message) throws Exception {
		HttpResponse<String> response = app.get("/actuator/metricstream" + query);
		assertThat(response.statusCode()).as(query).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).as(query).contains("\"status\":400", message);
	}

}
