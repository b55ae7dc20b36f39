package dev.bduf.metrics.business.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.business.BusinessMetricsTracker;
import dev.bduf.metrics.business.CostMetadata;
import dev.bduf.metrics.business.InteractionMetadata;
import dev.bduf.metrics.business.ProjectMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running application on a real port: {@code @BusinessMetric} and the tracker record,
 * and {@code /actuator/business}, {@code /roi}, {@code /usage} and the Prometheus scrape
 * show it; a bad period answers 400 with a message.
 */
class BusinessEndToEndTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ConfigurableApplicationContext context;

	private static String base;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(BusinessApplication.class)
			.properties("server.port=0", "spring.application.name=e2e-business",
					"management.endpoints.web.exposure.include=business,prometheus",
					"bduf.metrics.business.rates.EUR=1.10", "bduf.metrics.history.step=1s")
			.run();
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void businessEventsReachTheEndpointsAndTheScrape() throws Exception {
		Checkout checkout = context.getBean(Checkout.class);
		assertThat(checkout.pay(40)).isEqualTo("paid 40");
		BusinessMetricsTracker tracker = context.getBean(BusinessMetricsTracker.class);
		tracker.trackProjectCreation(new ProjectMetadata("api", 2, "retail", 5, 1000, "USD"));
		tracker.trackCostMetrics(new CostMetadata("compute", 300, "USD"));
		tracker.trackCostMetrics(new CostMetadata("compute", -100, "USD"));
		tracker.trackUserInteraction(new InteractionMetadata("u-1", "click", "smb"));

		// The reports come from history: the recordings are there once their step is recorded.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(new JsonContent(get("/actuator/business?period=P7D").body()))
				.extractingPath("$.metrics[?(@.name == 'checkout.paid')].total")
				.asArray()
				.containsExactly(40.0));
		HttpResponse<String> report = get("/actuator/business?period=P7D");
		assertThat(report.statusCode()).isEqualTo(200);
		JsonContent body = new JsonContent(report.body());
		assertThat(body).extractingPath("$.basis").isEqualTo("history");
		assertThat(body).extractingPath("$.distinctUsers").isEqualTo(1);
		assertThat(body).extractingPath("$.metrics[?(@.name == 'checkout.paid')].total").asArray().containsExactly(40.0);

		HttpResponse<String> roi = get("/actuator/business/roi?period=P1D");
		assertThat(roi.statusCode()).isEqualTo(200);
		JsonContent roiBody = new JsonContent(roi.body());
		assertThat(roiBody).extractingPath("$.byCurrency.USD.netCost")
			.asNumber()
			.satisfies((net) -> assertThat(net.doubleValue()).isEqualTo(200));
		assertThat(roiBody).extractingPath("$.byCurrency.USD.roi")
			.asNumber()
			.satisfies((ratio) -> assertThat(ratio.doubleValue()).isEqualTo(4));
		assertThat(roiBody).extractingPath("$.formula").asString().contains("charges - refunds");

		HttpResponse<String> usage = get("/actuator/business/usage?period=P1D&segment=smb");
		assertThat(usage.statusCode()).isEqualTo(200);
		assertThat(new JsonContent(usage.body())).extractingPath("$.interactionsBySegment.smb")
			.asNumber()
			.satisfies((count) -> assertThat(count.doubleValue()).isEqualTo(1));

		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.body()).contains("checkout_paid_usd_sum{").contains("direction=\"refund\"");
	}

	@Test
	void badPeriodIsABadRequestWithAMessage() throws Exception {
		HttpResponse<String> response = get("/actuator/business?period=yesterday");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("ISO-8601");
		assertThat(get("/actuator/business/roi?from=soon").statusCode()).isEqualTo(400);
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class BusinessApplication {

		@Bean
		Checkout checkout() {
			return new Checkout();
		}

	}

	static class Checkout {

		@BusinessMetric(name = "checkout.paid", value = "#amount", unit = MetricUnit.DOLLARS)
		public String pay(int amount) {
			return "paid " + amount;
		}

	}

}
