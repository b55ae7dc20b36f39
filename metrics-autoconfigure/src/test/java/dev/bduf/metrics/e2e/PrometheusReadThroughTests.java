package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.test.PrometheusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read-through {@code prometheus} storage against a real Prometheus server that
 * scrapes the application every second: the {@code timeseries} endpoint and
 * {@code getAggregatedMetrics} answer from Prometheus' query API the counts recorded
 * (per group, local and cluster scope), and percentiles within the bucket that holds the
 * exact percentile. The timer's buckets come from
 * {@code bduf.metrics.history.percentile-histograms=true}, which Prometheus receives as
 * {@code _bucket} series.
 */
class PrometheusReadThroughTests {

	private static final String SERVICE = "prom-read-through";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static PrometheusServer prometheus;

	private static RunningApp app;

	private static RunningApp other;

	@BeforeAll
	static void start() {
		PrometheusServer.requirePrometheus();
		// Prometheus must know the application's port and the application Prometheus' URL
		int port = PrometheusServer.freePort();
		int otherPort = PrometheusServer.freePort();
		prometheus = PrometheusServer.scraping(port, otherPort);
		// another instance of the same service, which Prometheus scrapes too
		other = new RunningApp(MinimalApplication.class, "server.port=" + otherPort,
				"spring.application.name=" + SERVICE, "management.endpoints.web.exposure.include=prometheus,health",
				"bduf.metrics.instance-id=read-through-2");
		app = new RunningApp(MinimalApplication.class, "server.port=" + port, "spring.application.name=" + SERVICE,
				"management.endpoints.web.exposure.include=prometheus,timeseries,health",
				"bduf.metrics.instance-id=read-through-1", "bduf.metrics.history.percentile-histograms=true",
				"bduf.metrics.storage.type=prometheus", "bduf.metrics.storage.prometheus.url=" + prometheus.url(),
				"bduf.metrics.storage.prometheus.timeout=5s");
		prometheus.awaitTargetUp(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (other != null) {
			other.close();
		}
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void timeseriesOverARangeReturnsTheRecordedCounts() throws Exception {
		MetricsCollector collector = app.bean(MetricsCollector.class);
		for (int i = 0; i < 10; i++) {
			collector.increment("orders.placed", 3, Map.of("region", "eu"));
		}
		for (int i = 0; i < 7; i++) {
			collector.increment("orders.placed", 1, Map.of("region", "us"));
		}
		awaitScraped("orders_placed_total{service=\"" + SERVICE + "\",region=\"eu\"}", 30);
		awaitScraped("orders_placed_total{service=\"" + SERVICE + "\",region=\"us\"}", 7);
		// more counts while Prometheus keeps scraping: they land in later steps
		for (int i = 0; i < 5; i++) {
			collector.increment("orders.placed", 2, Map.of("region", "eu"));
		}
		awaitScraped("orders_placed_total{service=\"" + SERVICE + "\",region=\"eu\"}", 40);
		// the other instance: only in the cluster's answers
		other.bean(MetricsCollector.class).increment("orders.placed", 100, Map.of("region", "eu"));
		awaitScraped("orders_placed_total{instance_id=\"read-through-2\",region=\"eu\"}", 100);
		HttpResponse<String> cluster = app.get(
				"/actuator/timeseries/orders.placed?from=-10m&to=now&step=1m&stat=count&groupBy=region&scope=cluster");
		assertThat(totals(json.readTree(cluster.body()), "region", "count")).containsEntry("eu", 140.0)
			.containsEntry("us", 7.0);
		AggregatedMetrics perInstance = collector.getAggregatedMetrics(MetricsQuery.of("orders.placed")
			.withRange(Instant.now().minus(Duration.ofMinutes(10)), Instant.now())
			.withStep(Duration.ofMinutes(10))
			.withStatistics("count")
			.withGroupBy("instance_id")
			.withScope(MetricsQuery.Scope.CLUSTER));
		Map<String, Double> byInstance = new java.util.TreeMap<>();
		perInstance.series()
			.forEach((s) -> byInstance.merge(s.tags().get("instance_id"),
					s.points().values().stream().mapToDouble((p) -> p.get("count")).sum(), Double::sum));
		assertThat(byInstance).containsExactly(Map.entry("read-through-1", 47.0), Map.entry("read-through-2", 100.0));
		for (String scope : List.of("local")) {
			HttpResponse<String> response = app.get("/actuator/timeseries/orders.placed?from=-10m&to=now&step=1m"
					+ "&stat=count,rate&groupBy=region&scope=" + scope);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode answer = json.readTree(response.body());
			assertThat(answer.path("rollup").asString()).isEqualTo("prometheus");
			assertThat(answer.path("error").isMissingNode() || answer.path("error").isNull()).isTrue();
			assertThat(totals(answer, "region", "count")).as(scope).containsEntry("eu", 40.0).containsEntry("us", 7.0);
			// rate is count per second of the one-minute step
			assertThat(totals(answer, "region", "rate").get("eu")).isCloseTo(40.0 / 60, within(1e-9));
		}
		// the facade, without grouping: one series per Prometheus series (job and instance dropped)
		AggregatedMetrics series = collector.getAggregatedMetrics(MetricsQuery.of("orders.placed")
			.withTags(Map.of("region", "us"))
			.withRange(Instant.now().minus(Duration.ofMinutes(10)), Instant.now())
			.withStep(Duration.ofSeconds(30))
			.withStatistics("count"));
		assertThat(series.error()).isNull();
		assertThat(series.series()).hasSize(1);
		assertThat(series.series().get(0).tags()).containsEntry("region", "us")
			.containsEntry("service", SERVICE)
			.containsEntry("instance_id", "read-through-1")
			.doesNotContainKeys("job", "instance", "__name__");
		assertThat(series.series().get(0).points().values().stream().mapToDouble((p) -> p.get("count")).sum())
			.isEqualTo(7.0);
		// a gauge: the last sample of each step, and the largest
		collector.gauge("queue.depth", 17, Map.of("queue", "inbound"));
		awaitScraped("queue_depth{service=\"" + SERVICE + "\"}", 17);
		collector.gauge("queue.depth", 42, Map.of("queue", "inbound"));
		awaitScraped("queue_depth{service=\"" + SERVICE + "\"}", 42);
		AggregatedMetrics depth = collector.getAggregatedMetrics(MetricsQuery.of("queue.depth")
			.withRange(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(1))
			.withStep(Duration.ofMinutes(1))
			.withStatistics("value", "max", "min"));
		assertThat(depth.error()).isNull();
		assertThat(depth.series()).hasSize(1);
		Map<String, Double> latest = depth.series().get(0).points().get(depth.series().get(0).points().lastKey());
		assertThat(latest).containsEntry("value", 42.0).containsEntry("max", 42.0);
		assertThat(depth.series().get(0).points().values().stream().mapToDouble((p) -> p.get("min")).min())
			.hasValue(17.0);
		// names are Prometheus' names of this instance
		HttpResponse<String> names = app.get("/actuator/timeseries");
		assertThat(names.body()).contains("orders_placed_total", "jvm_memory_used_bytes");
	}

	@Test
	void percentilesAreWithinTheBucketError() throws Exception {
		long seed = System.nanoTime();
		System.out.println("PrometheusReadThroughTests seed: " + seed);
		Random random = new Random(seed);
		MetricsCollector collector = app.bean(MetricsCollector.class);
		// one point of a day holds every recording (unless they straddle midnight UTC)
		Instant day = awayFromMidnight().truncatedTo(ChronoUnit.DAYS);
		int n = 400;
		double[] seconds = new double[n];
		for (int i = 0; i < n; i++) {
			long micros = Math.round(3000 * Math.pow(500, random.nextDouble()));
			seconds[i] = micros / 1e6;
			collector.timing("checkout.latency", Duration.ofNanos(micros * 1000), Map.of("channel", "web"));
		}
		awaitScraped("checkout_latency_seconds_count{service=\"" + SERVICE + "\"}", n);
		Arrays.sort(seconds);
		HttpResponse<String> response = app.get("/actuator/timeseries/checkout.latency?from=" + day + "&to="
				+ day.plus(Duration.ofDays(1)) + "&step=1d&stat=count,p50,p90,p99,max,mean");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode point = single(json.readTree(response.body()));
		assertThat(point.path("count").asDouble()).isEqualTo(n);
		assertThat(point.path("max").asDouble()).isCloseTo(seconds[n - 1], within(1e-9));
		assertThat(point.path("mean").asDouble()).isCloseTo(Arrays.stream(seconds).average().orElseThrow(),
				within(1e-9));
		List<Double> bounds = new ArrayList<>();
		for (JsonNode bucket : prometheus.query("checkout_latency_seconds_bucket{service=\"" + SERVICE + "\"}")
			.get("result")) {
			bounds.add(PrometheusServer.number(bucket.get("metric").get("le").asString()));
		}
		bounds.sort(null);
		for (String statistic : List.of("p50", "p90", "p99")) {
			double q = Double.parseDouble(statistic.substring(1)) / 100;
			double exact = seconds[(int) Math.ceil(q * n) - 1];
			double lo = 0;
			double hi = Double.POSITIVE_INFINITY;
			for (double bound : bounds) {
				if (exact <= bound) {
					hi = bound;
					break;
				}
				lo = bound;
			}
			assertThat(point.path(statistic).asDouble())
				.as("%s: exact %s s, bucket (%s, %s], seed %d", statistic, exact, lo, hi, seed)
				.isBetween(lo, hi);
		}
	}

	@Test
	void aBadQueryIsAnErrorMessageNotAnException() throws Exception {
		HttpResponse<String> response = app.get("/actuator/timeseries/orders.placed?stat=p101");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("Unknown statistic 'p101'");
		AggregatedMetrics unknown = app.bean(MetricsCollector.class)
			.getAggregatedMetrics(MetricsQuery.of("no.such.meter").withStatistics("count"));
		assertThat(unknown.error()).isNull();
		assertThat(unknown.series()).isEmpty();
	}

	private static Instant awayFromMidnight() throws InterruptedException {
		Instant now = Instant.now();
		Instant midnight = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
		if (Duration.between(now, midnight).compareTo(Duration.ofMinutes(1)) < 0) {
			Thread.sleep(Duration.between(now, midnight).toMillis() + 1000);
			return Instant.now();
		}
		return now;
	}

	private static JsonNode single(JsonNode answer) {
		assertThat(answer.path("series").size()).as(answer.toString()).isEqualTo(1);
		JsonNode points = answer.path("series").get(0).path("points");
		assertThat(points.size()).as(answer.toString()).isEqualTo(1);
		return points.properties().iterator().next().getValue();
	}

	private static Map<String, Double> totals(JsonNode answer, String key, String statistic) {
		Map<String, Double> totals = new java.util.TreeMap<>();
		for (JsonNode series : answer.path("series")) {
			String group = series.path("tags").path(key).asString();
			double total = 0;
			for (var point : series.path("points").properties()) {
				total += point.getValue().path(statistic).asDouble();
			}
			totals.merge(group, total, Double::sum);
		}
		return totals;
	}

	private static org.assertj.core.data.Offset<Double> within(double offset) {
		return org.assertj.core.data.Offset.offset(offset);
	}

	private static void awaitScraped(String promql, double expected) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(prometheus.value(promql)).as(promql).isEqualTo(expected));
	}

}
