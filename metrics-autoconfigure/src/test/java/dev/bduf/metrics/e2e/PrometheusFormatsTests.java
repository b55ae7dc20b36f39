package dev.bduf.metrics.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.tracking.Tracked;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's {@code /actuator/prometheus} answers in the format the scraper asks for (the
 * Prometheus text format, OpenMetrics, protobuf) with the starter's meters in each, and
 * carries exemplars on them when a tracer is present: here a {@link SpanContext} bean
 * stands in for the one Boot's tracing auto-configuration provides.
 */
class PrometheusFormatsTests {

	static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String SPAN_ID = "00f067aa0ba902b7";

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(TracedApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=prometheus",
					"bduf.metrics.tracking.percentile-histogram=true", "bduf.metrics.service-name=formats")
			.run();
		context.getBean(MetricsCollector.class).increment("orders.placed", 1, Map.of("region", "eu"));
		Checkout checkout = context.getBean(Checkout.class);
		for (int i = 0; i < 5; i++) {
			checkout.pay();
		}
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void prometheusTextByDefault() throws Exception {
		HttpResponse<byte[]> response = scrape("text/plain;version=0.0.4;q=0.3,*/*;q=0.1");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).contains("orders_placed_total{").contains("checkout_pay_seconds_count{");
		assertThat(body).doesNotContain("trace_id").doesNotContain("# EOF");
	}

	@Test
	void openMetricsWithExemplarsFromTheTracer() throws Exception {
		HttpResponse<byte[]> response = scrape("application/openmetrics-text;version=1.0.0;charset=utf-8");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/openmetrics-text"));
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).contains("orders_placed_total{").endsWith("# EOF\n");
		String exemplar = "# {span_id=\"" + SPAN_ID + "\",trace_id=\"" + TRACE_ID + "\"}";
		assertThat(body.lines().filter((line) -> line.startsWith("orders_placed_total{")))
			.anySatisfy((line) -> assertThat(line).contains(exemplar));
		assertThat(body.lines().filter((line) -> line.startsWith("checkout_pay_seconds_bucket{")))
			.anySatisfy((line) -> assertThat(line).contains(exemplar));
	}

	@Test
	void protobufForScrapersThatAskForIt() throws Exception {
		HttpResponse<byte[]> response = scrape(
				"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/vnd.google.protobuf"));
		String raw = new String(response.body(), StandardCharsets.ISO_8859_1);
		assertThat(raw).contains("orders_placed").contains("checkout_pay_seconds").contains("formats");
		assertThat(raw).doesNotContain("# HELP");
	}

	private static HttpResponse<byte[]> scrape(String accept) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	@SpringBootApplication
	static class TracedApplication {

		@Bean
		SpanContext spanContext() {
			return new FixedSpan();
		}

		@Bean
		Checkout checkout() {
			return new Checkout();
		}

	}

	/**
	 * A tracked bean.
	 */
	static class Checkout {

		@Tracked("checkout.pay")
		public void pay() {
		}

	}

	/**
	 * Always inside one sampled span.
	 */
	static final class FixedSpan implements SpanContext {

		@Override
		public String getCurrentTraceId() {
			return TRACE_ID;
		}

		@Override
		public String getCurrentSpanId() {
			return SPAN_ID;
		}

		@Override
		public boolean isCurrentSpanSampled() {
			return true;
		}

		@Override
		public void markCurrentSpanAsExemplar() {
		}

	}

}
