package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import dev.bduf.metrics.test.ExternalTools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new application that sets only {@code spring.application.name} (and exposes the
 * endpoints) gets the collector, its health component, the {@code collector} endpoint
 * and a Prometheus scrape that promtool accepts.
 */
class StarterEndToEndTests {

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-shop",
				"management.endpoints.web.exposure.include=health,collector,prometheus");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void collectorEndpointShowsWhatWasRecordedAndRejected() throws Exception {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		collector.increment("e2e.visits", 1, Map.of("page", "home"));
		collector.increment("e2e.visits", Double.NaN, Map.of("page", "home"));

		HttpResponse<String> response = app.get("/actuator/collector");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("json"));
		JsonContent body = new JsonContent(response.body());
		assertThat(body).extractingPath("$.rejectedByReason.NOT_FINITE").isEqualTo(1);
		assertThat(body).extractingPath("$.seriesPerName['e2e.visits']").isEqualTo(1);
		assertThat(body).extractingPath("$.recorded")
			.asNumber()
			.satisfies((recorded) -> assertThat(recorded.longValue()).isPositive());
		assertThat(body).extractingPath("$.health.status").isEqualTo("UP");
	}

	@Test
	void healthHasTheMetricsCollectorComponent() {
		HealthContributorRegistry registry = app.bean(HealthContributorRegistry.class);
		assertThat(registry.getContributor("metricsCollector")).isInstanceOf(MetricsCollectorHealthIndicator.class);
		assertThat(((MetricsCollectorHealthIndicator) registry.getContributor("metricsCollector")).health()
			.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void prometheusScrapeCarriesDefaultTagsAndPassesPromtool() throws Exception {
		Path promtool = ExternalTools.requirePromtool();
		MetricsCollector collector = app.bean(MetricsCollector.class);
		collector.increment("e2e.orders.placed", 3, Map.of("region", "eu-west"));
		collector.decrement("e2e.carts.open", 1, Map.of());
		collector.gauge("e2e.queue.depth", 17);
		collector.histogram("e2e.basket.size", 4, Map.of("region", "eu-west"));
		collector.timing("e2e.checkout", java.time.Duration.ofMillis(120), Map.of("outcome", "success"));
		collector.businessMetric("e2e.revenue", 99.5, MetricUnit.CURRENCY, Map.of("plan", "pro"));
		collector.timer("e2e.payment").stop(Map.of("provider", "card"));

		HttpResponse<String> response = app.get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(200);
		String scrape = response.body();
		assertThat(scrape).containsPattern(
				"e2e_orders_placed_total\\{[^}]*environment=\"default\"[^}]*region=\"eu-west\"[^}]*service=\"e2e-shop\"[^}]*} 3\\.0")
			.contains("e2e_carts_open{")
			.containsPattern("e2e_queue_depth\\{[^}]*} 17\\.0")
			.contains("e2e_basket_size_count{")
			.contains("e2e_checkout_seconds_count{")
			.containsPattern("e2e_revenue_currency_sum\\{[^}]*business=\"true\"")
			.contains("e2e_payment_seconds_count{");
		ExternalTools.assertValidExposition(promtool, scrape, "e2e_");
	}

}
