package dev.bduf.metrics.alert;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook notifier against a local HTTP server that fails before it succeeds.
 */
class WebhookAlertNotifierTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final List<String> accepted = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private HttpServer server;

	private WebhookAlertNotifier notifier;

	@AfterEach
	void stop() {
		if (this.notifier != null) {
			this.notifier.close();
		}
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	/**
	 * A server that answers {@code failures} requests with {@code status}, then 200.
	 */
	private URI server(int failures, int status) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/hook", (exchange) -> {
			String body = read(exchange);
			int answer = (this.requests.incrementAndGet() <= failures) ? status : 200;
			if (answer == 200) {
				this.accepted.add(body);
			}
			exchange.sendResponseHeaders(answer, -1);
			exchange.close();
		});
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
	}

	private static String read(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private WebhookAlertNotifier notifier(URI url, int maxAttempts) {
		this.notifier = new WebhookAlertNotifier(url, Duration.ofSeconds(5), maxAttempts, Duration.ofMillis(10),
				Duration.ofMillis(40), 100, Map.of("Authorization", "Bearer test"));
		return this.notifier;
	}

	private static AlertEvent event(String rule, AlertState state) {
		return new AlertEvent(rule, "queue.size", Map.of("queue", "orders"), 150, 100, state, AlertState.PENDING,
				Instant.parse("2026-01-01T00:00:00Z"), "critical");
	}

	@Test
	void everyEventIsDeliveredOnceAfterRetries() throws Exception {
		WebhookAlertNotifier notifier = notifier(server(2, 503), 5);
		notifier.notify(event("first", AlertState.FIRING));
		notifier.notify(event("second", AlertState.FIRING));
		notifier.notify(event("third", AlertState.RESOLVED));
		await().atMost(Duration.ofSeconds(20)).until(() -> notifier.delivered() == 3);
		assertThat(notifier.retries()).isEqualTo(2);
		assertThat(notifier.failed()).isZero();
		assertThat(this.requests).hasValue(5);
		List<String> rules = this.accepted.stream().map((body) -> this.mapper.readTree(body).get("rule").asString())
			.toList();
		assertThat(rules).containsExactly("first", "second", "third");
		JsonNode first = this.mapper.readTree(this.accepted.get(0));
		assertThat(first.get("state").asString()).isEqualTo("FIRING");
		assertThat(first.get("previous").asString()).isEqualTo("PENDING");
		assertThat(first.get("value").asDouble()).isEqualTo(150.0);
		assertThat(first.get("threshold").asDouble()).isEqualTo(100.0);
		assertThat(first.get("tags").get("queue").asString()).isEqualTo("orders");
		assertThat(first.get("since").asString()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(first.get("severity").asString()).isEqualTo("critical");
	}

	@Test
	void anEventIsGivenUpAfterItsLastAttempt() throws Exception {
		WebhookAlertNotifier notifier = notifier(server(100, 500), 3);
		notifier.notify(event("doomed", AlertState.FIRING));
		await().atMost(Duration.ofSeconds(20)).until(() -> notifier.failed() == 1);
		assertThat(this.requests).hasValue(3);
		assertThat(notifier.retries()).isEqualTo(2);
		assertThat(notifier.delivered()).isZero();
	}

	@Test
	void aClientErrorIsNotRetried() throws Exception {
		WebhookAlertNotifier notifier = notifier(server(1, 400), 5);
		notifier.notify(event("refused", AlertState.FIRING));
		notifier.notify(event("taken", AlertState.FIRING));
		await().atMost(Duration.ofSeconds(20)).until(() -> notifier.delivered() == 1);
		assertThat(notifier.failed()).isEqualTo(1);
		assertThat(notifier.retries()).isZero();
		assertThat(this.accepted).singleElement().asString().contains("taken");
	}

	@Test
	void anUnreachableServerCountsAsAFailure() throws Exception {
		URI url = server(0, 200);
		this.server.stop(0);
		this.server = null;
		WebhookAlertNotifier notifier = notifier(url, 2);
		notifier.notify(event("nobody-home", AlertState.FIRING));
		await().atMost(Duration.ofSeconds(20)).until(() -> notifier.failed() == 1);
		assertThat(notifier.retries()).isEqualTo(1);
	}

	@Test
	void eventsBeyondTheQueueAreDroppedAndCounted() {
		this.notifier = new WebhookAlertNotifier(URI.create("http://127.0.0.1:9/hook"), Duration.ofSeconds(1), 1,
				Duration.ZERO, Duration.ZERO, 1, Map.of());
		this.notifier.close();
		this.notifier.notify(event("late", AlertState.FIRING));
		assertThat(this.notifier.dropped()).isEqualTo(1);
		assertThat(this.notifier.url()).hasPort(9);
		assertThat(this.notifier.queued()).isZero();
	}

	@Test
	void notANumberIsWrittenAsNull() {
		AlertEvent gone = new AlertEvent("r", "m", Map.of(), Double.NaN, Double.NaN, AlertState.RESOLVED,
				AlertState.FIRING, Instant.EPOCH, "warning");
		Map<String, Object> payload = WebhookAlertNotifier.payload(gone);
		assertThat(payload).containsEntry("value", null).containsEntry("threshold", null);
	}

}
