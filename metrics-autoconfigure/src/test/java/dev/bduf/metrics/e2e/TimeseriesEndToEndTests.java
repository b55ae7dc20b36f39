package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.MetricsQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code timeseries} endpoint through a real HTTP port: history of Boot's own
 * {@code http.server.requests} timer and of a collector counter, recorded by the
 * background recorder at a one-second step.
 */
class TimeseriesEndToEndTests {

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-history",
				"management.endpoints.web.exposure.include=timeseries,health", "bduf.metrics.history.step=1s",
				"bduf.metrics.instance-id=e2e-1",
				// percentiles in history come from a meter's histogram: Boot's own switch gives it one
				"management.metrics.distribution.percentiles-histogram.http.server.requests=true");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void recordsEveryMeterAndAnswersQueriesOverHttp() throws Exception {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		for (int i = 0; i < 5; i++) {
			assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
			collector.increment("orders.placed", 2, java.util.Map.of("region", (i % 2 == 0) ? "eu" : "us"));
		}
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> names = app.get("/actuator/timeseries");
			assertThat(names.statusCode()).isEqualTo(200);
			assertThat(names.body()).contains("http.server.requests", "orders.placed", "jvm.memory.used");
		});
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> orders = app
				.get("/actuator/timeseries/orders.placed?from=-5m&step=5m&stat=count,rate&groupBy=region");
			assertThat(orders.statusCode()).isEqualTo(200);
			assertThat(orders.body()).contains("raw\"", "\"region\":\"eu\"", "\"count\":6.0",
					"\"count\":4.0");
		});
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> requests = app.get(
					"/actuator/timeseries/http.server.requests?tag=uri:/actuator/health&from=-5m&to=now&step=5m&stat=count,p99,max");
			assertThat(requests.statusCode()).isEqualTo(200);
			assertThat(requests.body()).contains("\"p99\":", "\"max\":", "\"uri\":\"/actuator/health\"");
		});
		assertThat(collector.getAggregatedMetrics(MetricsQuery.of("orders.placed").withStatistics("count")).error())
			.isNull();
	}

	@Test
	void badParametersAnswer400WithAMessage() throws Exception {
		assertBadRequest("/actuator/timeseries/orders.placed?from=yesterday", "from must be an ISO-8601 instant");
		assertBadRequest("/actuator/timeseries/orders.placed?stat=p101", "Unknown statistic 'p101'");
		assertBadRequest("/actuator/timeseries/orders.placed?step=fortnight", "step must be a duration");
		assertBadRequest("/actuator/timeseries/orders.placed?tag=region", "tag must be key:value");
		assertBadRequest("/actuator/timeseries/orders.placed?scope=galaxy", "scope must be local or cluster");
		assertBadRequest("/actuator/timeseries/orders.placed?from=-1h&to=-2h", "must be before to");
		assertBadRequest("/actuator/timeseries/orders.placed?from=-3000d&step=1s", "bduf.metrics.query.max-points");
		assertBadRequest("/actuator/timeseries?scope=x", "scope must be local or cluster");
	}

	private static void assertBadRequest(String path, String message) throws Exception {
		HttpResponse<String> response = app.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(400);
		assertThat(response.body()).as(path).contains(message);
	}

}
