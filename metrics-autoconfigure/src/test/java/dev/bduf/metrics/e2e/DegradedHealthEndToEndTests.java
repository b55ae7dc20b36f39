package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;

import dev.bduf.metrics.MetricsCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the collector rejects too much, health says so, yet the application stays in its
 * load balancer: HTTP 200, and liveness and readiness stay UP.
 */
class DegradedHealthEndToEndTests {

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-degraded",
				"management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true");
		MetricsCollector collector = app.bean(MetricsCollector.class);
		for (int i = 0; i < 500; i++) {
			collector.gauge("e2e.temperature", Double.NaN);
		}
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void componentIsDegradedWithItsReasonAndHttp200() throws Exception {
		HttpResponse<String> response = app.get("/actuator/health/metricsCollector");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonContent body = new JsonContent(response.body());
		assertThat(body).extractingPath("$.status").isEqualTo("DEGRADED");
		assertThat(body).extractingPath("$.details.reasons")
			.asArray()
			.anySatisfy((reason) -> assertThat(reason).asString().contains("of recordings were rejected"));
	}

	@Test
	void overallHealthShowsDegradedButAnswers200() throws Exception {
		HttpResponse<String> response = app.get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new JsonContent(response.body())).extractingPath("$.status").isEqualTo("DEGRADED");
	}

	@Test
	void livenessAndReadinessStayUp() throws Exception {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			HttpResponse<String> response = app.get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(new JsonContent(response.body())).as(probe).isStrictlyEqualTo("{\"status\":\"UP\"}");
		}
	}

}
