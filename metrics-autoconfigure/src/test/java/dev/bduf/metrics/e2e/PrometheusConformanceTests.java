package dev.bduf.metrics.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.test.PrometheusServer;
import dev.bduf.metrics.tracking.Tracked;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an application records is what a real Prometheus server reads back: a running
 * application (random port) records known counts, timings (through {@code @Tracked} and
 * the facade), a gauge and a distribution summary; a Prometheus server started by the test
 * scrapes it every second, and its HTTP query API answers the exact counts, and
 * {@code histogram_quantile} over the percentile histogram within the bucket that holds
 * the exact percentile.
 * <p>
 * The timers publish Micrometer's percentile histogram through Spring Boot's own
 * {@code management.metrics.distribution.percentiles-histogram.<name>=true}, as a
 * Prometheus user would switch it on.
 */
class PrometheusConformanceTests {

	private static final String SERVICE = "prom-conformance";

	private static RunningApp app;

	private static PrometheusServer prometheus;

	@BeforeAll
	static void start() {
		PrometheusServer.requirePrometheus();
		app = new RunningApp(ConformanceApplication.class, "spring.application.name=" + SERVICE,
				"management.endpoints.web.exposure.include=prometheus,health",
				"management.metrics.distribution.percentiles-histogram.method.tracked=true",
				"management.metrics.distribution.percentiles-histogram.checkout.latency=true",
				"bduf.metrics.instance-id=conformance-1");
		prometheus = PrometheusServer
			.scraping(((WebServerApplicationContext) app.context).getWebServer().getPort());
	}

	@AfterAll
	static void stop() {
		if (prometheus != null) {
			prometheus.close();
		}
		if (app != null) {
			app.close();
		}
	}

	@Test
	void countsGaugesAndSummariesReadBackExactly() {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		for (int i = 0; i < 10; i++) {
			collector.increment("orders.placed", 3, Map.of("region", "eu"));
		}
		for (int i = 0; i < 7; i++) {
			collector.increment("orders.placed", 1, Map.of("region", "us"));
		}
		collector.gauge("queue.depth", 17, Map.of("queue", "inbound"));
		collector.gauge("queue.depth", 42, Map.of("queue", "inbound"));
		double payloadTotal = 0;
		for (int i = 1; i <= 25; i++) {
			collector.histogram("payload.size", i * 100, MetricUnit.BYTES, Map.of("kind", "json"));
			payloadTotal += i * 100;
		}
		String own = "service=\"" + SERVICE + "\",instance_id=\"conformance-1\"";
		awaitValue("orders_placed_total{" + own + ",region=\"eu\"}", 30);
		awaitValue("orders_placed_total{" + own + ",region=\"us\"}", 7);
		awaitValue("queue_depth{" + own + ",queue=\"inbound\"}", 42);
		awaitValue("payload_size_bytes_count{" + own + ",kind=\"json\"}", 25);
		awaitValue("payload_size_bytes_sum{" + own + ",kind=\"json\"}", payloadTotal);
		// the default tags arrive as labels of their own, not renamed
		assertThat(prometheus.value("count(orders_placed_total{environment=\"default\",version=\"unknown\"," + own
				+ ",job=\"" + PrometheusServer.JOB + "\"})")).isEqualTo(2.0);
	}

	@Test
	void facadeTimingsGivePercentilesWithinTheBucketError() {
		long seed = System.nanoTime();
		System.out.println("PrometheusConformanceTests seed: " + seed);
		Random random = new Random(seed);
		MetricsCollector collector = app.bean(MetricsCollector.class);
		int n = 500;
		double[] seconds = new double[n];
		for (int i = 0; i < n; i++) {
			// log-uniform between 2 ms and 2 s
			long micros = Math.round(2000 * Math.pow(1000, random.nextDouble()));
			seconds[i] = micros / 1e6;
			collector.timing("checkout.latency", Duration.ofNanos(micros * 1000), Map.of("channel", "web"));
		}
		String selector = "checkout_latency_seconds_count{service=\"" + SERVICE + "\",channel=\"web\"}";
		awaitValue(selector, n);
		Arrays.sort(seconds);
		List<Double> bounds = bucketBounds("checkout_latency_seconds_bucket{service=\"" + SERVICE + "\"}");
		for (double q : new double[] { 0.5, 0.9, 0.99 }) {
			double exact = seconds[(int) Math.ceil(q * n) - 1];
			Double estimate = prometheus.value("histogram_quantile(" + q + ", sum by (le) (checkout_latency_seconds_bucket"
					+ "{service=\"" + SERVICE + "\",channel=\"web\"}))");
			double[] bucket = bucketOf(bounds, exact);
			assertThat(estimate).as("p%s (exact %s s, bucket %s, seed %d)", q * 100, exact, Arrays.toString(bucket), seed)
				.isBetween(bucket[0], bucket[1]);
		}
	}

	@Test
	void trackedCallsReadBackWithTheirBuckets() {
		Inventory inventory = app.bean(Inventory.class);
		for (int i = 0; i < 12; i++) {
			inventory.reserve(i);
		}
		for (int i = 0; i < 3; i++) {
			try {
				inventory.reserve(-1);
			}
			catch (IllegalArgumentException expected) {
				// recorded as outcome=error
			}
		}
		String tracked = "service=\"" + SERVICE + "\",class=\"" + Inventory.class.getName() + "\",method=\"reserve\"";
		awaitValue("method_tracked_seconds_count{" + tracked + ",outcome=\"success\",exception=\"none\"}", 12);
		awaitValue("method_tracked_seconds_count{" + tracked
				+ ",outcome=\"error\",exception=\"IllegalArgumentException\"}", 3);
		// every bucket Prometheus holds equals the application's own histogram
		Timer timer = app.bean(MeterRegistry.class)
			.get("method.tracked")
			.tags("method", "reserve", "outcome", "success")
			.timer();
		Map<Double, Double> local = new TreeMap<>();
		for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
			local.put(bucket.bucket(java.util.concurrent.TimeUnit.SECONDS), bucket.count());
		}
		JsonNode result = prometheus
			.query("method_tracked_seconds_bucket{" + tracked + ",outcome=\"success\"}")
			.get("result");
		Map<Double, Double> scraped = new TreeMap<>();
		for (JsonNode series : result) {
			double le = PrometheusServer.number(series.get("metric").get("le").asString());
			if (!Double.isInfinite(le)) {
				scraped.put(le, PrometheusServer.number(series.get("value").get(1).asString()));
			}
		}
		assertThat(scraped).hasSameSizeAs(local);
		List<Double> localCounts = new ArrayList<>(local.values());
		List<Double> scrapedCounts = new ArrayList<>(scraped.values());
		assertThat(scrapedCounts).isEqualTo(localCounts);
		assertThat(prometheus.value("method_tracked_seconds_sum{" + tracked + ",outcome=\"success\"}"))
			.isCloseTo(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS), org.assertj.core.data.Offset.offset(1e-9));
	}

	private static void awaitValue(String promql, double expected) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
				prometheus.value(promql))
			.as(promql)
			.isNotNull()
			.isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, expected))));
	}

	private static List<Double> bucketBounds(String selector) {
		List<Double> bounds = new ArrayList<>();
		for (JsonNode series : prometheus.query(selector).get("result")) {
			bounds.add(PrometheusServer.number(series.get("metric").get("le").asString()));
		}
		bounds.sort(null);
		return bounds;
	}

	/** The bucket {@code (lo, hi]} that holds a value. */
	private static double[] bucketOf(List<Double> bounds, double value) {
		double lo = 0;
		for (double hi : bounds) {
			if (value <= hi) {
				return new double[] { lo, hi };
			}
			lo = hi;
		}
		return new double[] { lo, Double.POSITIVE_INFINITY };
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ConformanceApplication {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

	}

	/**
	 * A tracked service.
	 */
	public static class Inventory {

		@Tracked
		public int reserve(int quantity) {
			if (quantity < 0) {
				throw new IllegalArgumentException("negative");
			}
			return quantity;
		}

	}

}
