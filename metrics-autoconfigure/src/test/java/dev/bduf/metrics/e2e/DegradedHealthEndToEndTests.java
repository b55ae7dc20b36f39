package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;

import dev.bduf.metrics.MetricsCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.contributor.Status;

import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the collector rejects too much, its health component says so, yet the application
 * stays in its load balancer: HTTP 200, and liveness and readiness stay UP. By default the
 * application's aggregate health stays UP too; with
 * {@code bduf.metrics.health.include-in-aggregate=true} it turns DEGRADED.
 */
class DegradedHealthEndToEndTests {

	static RunningApp degradedApp(String... properties) {
		String[] all = new String[properties.length + 4];
		all[0] = "spring.application.name=e2e-degraded";
		all[1] = "management.endpoints.web.exposure.include=health";
		all[2] = "management.endpoint.health.show-details=always";
		all[3] = "management.endpoint.health.probes.enabled=true";
		System.arraycopy(properties, 0, all, 4, properties.length);
		RunningApp app = new RunningApp(MinimalApplication.class, all);
		MetricsCollector collector = app.bean(MetricsCollector.class);
		for (int i = 0; i < 500; i++) {
			collector.gauge("e2e.temperature", Double.NaN);
		}
		return app;
	}

	static void assertComponentDegradedWithItsReasonAndHttp200(RunningApp app) throws Exception {
		HttpResponse<String> response = app.get("/actuator/health/metricsCollector");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonContent body = new JsonContent(response.body());
		assertThat(body).extractingPath("$.status").isEqualTo("DEGRADED");
		assertThat(body).extractingPath("$.details.reasons").asArray()
			.anySatisfy((reason) -> assertThat(reason).asString().contains("of recordings were rejected"));
	}

	static void assertLivenessAndReadinessUp(RunningApp app) throws Exception {
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			HttpResponse<String> response = app.get(probe);
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(new JsonContent(response.body())).as(probe).isStrictlyEqualTo("{\"status\":\"UP\"}");
		}
	}

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class ByDefault {

		private RunningApp app;

		@BeforeAll
		void start() {
			this.app = degradedApp();
		}

		@AfterAll
		void stop() {
			this.app.close();
		}

		@Test
		void componentIsDegradedWithItsReasonAndHttp200() throws Exception {
			assertComponentDegradedWithItsReasonAndHttp200(this.app);
		}

		@Test
		void overallHealthStaysUp() throws Exception {
			HttpResponse<String> response = this.app.get("/actuator/health");
			assertThat(response.statusCode()).isEqualTo(200);
			// the component shows DEGRADED within the aggregate, which stays UP
			JsonContent body = new JsonContent(response.body());
			assertThat(body).extractingPath("$.status").isEqualTo("UP");
			assertThat(body).extractingPath("$.components.metricsCollector.status").isEqualTo("DEGRADED");
		}

		@Test
		void livenessAndReadinessStayUp() throws Exception {
			assertLivenessAndReadinessUp(this.app);
		}

	}

	@Nested
	@TestInstance(Lifecycle.PER_CLASS)
	class IncludedInTheAggregate {

		private RunningApp app;

		@BeforeAll
		void start() {
			this.app = degradedApp("bduf.metrics.health.include-in-aggregate=true");
		}

		@AfterAll
		void stop() {
			this.app.close();
		}

		@Test
		void componentIsDegradedWithItsReasonAndHttp200() throws Exception {
			assertComponentDegradedWithItsReasonAndHttp200(this.app);
		}

		@Test
		void overallHealthIsDegradedButAnswers200() throws Exception {
			HttpResponse<String> response = this.app.get("/actuator/health");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(new JsonContent(response.body())).extractingPath("$.status").isEqualTo("DEGRADED");
		}

		@Test
		void downAndOutOfServiceStillAnswer503() {
			HttpCodeStatusMapper mapper = this.app.bean(HttpCodeStatusMapper.class);
			assertThat(mapper.getStatusCode(Status.DOWN)).isEqualTo(503);
			assertThat(mapper.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
		}

		@Test
		void livenessAndReadinessStayUp() throws Exception {
			assertLivenessAndReadinessUp(this.app);
		}

	}

}
