package dev.bduf.metrics.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.bduf.metrics.MetricsCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerting through a running application: a rule from properties fires on a collector
 * counter, the {@code alerts} endpoint and health component show it over HTTP, and the
 * webhook notifier reaches a local server that fails once before it takes the events.
 */
class AlertsEndToEndTests {

	private static HttpServer hook;

	private static final List<String> received = new CopyOnWriteArrayList<>();

	private static final AtomicInteger requests = new AtomicInteger();

	private static RunningApp app;

	@BeforeAll
	static void start() throws IOException {
		hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		hook.createContext("/hook", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				int status = (requests.incrementAndGet() == 1) ? 503 : 204;
				if (status == 204) {
					received.add(body);
				}
				exchange.sendResponseHeaders(status, -1);
			}
			exchange.close();
		});
		hook.start();
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-alerts",
				"management.endpoints.web.exposure.include=alerts,health",
				"management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always",
				"bduf.metrics.history.step=1s", "bduf.metrics.instance-id=e2e-alerts-1",
				"bduf.metrics.alerts.rules[0].name=orders-failing", "bduf.metrics.alerts.rules[0].metric=e2e.failures",
				"bduf.metrics.alerts.rules[0].statistic=count", "bduf.metrics.alerts.rules[0].operator=>",
				"bduf.metrics.alerts.rules[0].threshold=0", "bduf.metrics.alerts.rules[0].severity=critical",
				"bduf.metrics.alerts.rules[0].health=true", "bduf.metrics.alerts.health.enabled=true",
				"bduf.metrics.alerts.webhook.url=http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
				"bduf.metrics.alerts.webhook.backoff=50ms");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (hook != null) {
			hook.stop(0);
		}
	}

	@Test
	void aRuleFiresAndShowsInTheEndpointTheHealthAndTheWebhook() throws Exception {
		HttpResponse<String> before = app.get("/actuator/alerts");
		assertThat(before.statusCode()).isEqualTo(200);
		assertThat(before.body()).contains("\"orders-failing\"").contains("collector-rejections");
		MetricsCollector collector = app.bean(MetricsCollector.class);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			collector.increment("e2e.failures", 1, Map.of("order", "A-1"));
			assertThat(app.get("/actuator/alerts/orders-failing").body()).contains("\"state\":\"FIRING\"");
		});
		HttpResponse<String> alerts = app.get("/actuator/alerts");
		assertThat(alerts.body()).contains("\"active\":[{\"rule\":\"orders-failing\"")
			.contains("\"severity\":\"critical\"")
			.contains("\"for\":\"PT0S\"");
		HttpResponse<String> health = app.get("/actuator/health/alerts");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("orders-failing");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(received).anySatisfy((body) -> assertThat(body)
				.contains("\"rule\":\"orders-failing\"")
				.contains("\"state\":\"FIRING\"")));
		assertThat(requests.get()).isGreaterThan(received.size());
		assertThat(app.get("/actuator/alerts/nope").statusCode()).isEqualTo(404);
	}

}
