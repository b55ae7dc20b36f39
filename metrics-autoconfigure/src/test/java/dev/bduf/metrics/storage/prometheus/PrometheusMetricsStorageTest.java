package dev.bduf.metrics.storage.prometheus;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.query.HistoryQueryEngine;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-through backend against a stub of the Prometheus HTTP API: how answers become
 * points, and how every failure becomes an error message instead of an exception.
 */
class PrometheusMetricsStorageTest {

	private static final Retention RETENTION = new Retention(Duration.ofHours(1), Duration.ofHours(24),
			Duration.ofDays(30));

	private final MockClock clock = new MockClock();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private volatile int status = 200;

	private volatile String namesBody = "{\"status\":\"success\",\"data\":[\"orders_total\"]}";

	private volatile String queryBody = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	private PrometheusMetricsStorage start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestURI().toString());
			String path = exchange.getRequestURI().getPath();
			respond(exchange, this.status, path.contains("/label/") ? this.namesBody : this.queryBody);
		});
		this.server.start();
		this.clock.add(Duration.ofDays(1).minusMillis(1));
		return new PrometheusMetricsStorage(
				URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/prom/"), Duration.ofSeconds(5),
				Map.of("X-Scope-OrgID", "tenant"), "shop", RETENTION, this.clock);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private HistoryQueryEngine engine(PrometheusMetricsStorage storage) {
		return new HistoryQueryEngine(storage, this.clock, Duration.ofSeconds(10), "i-1", 50_000, 1000);
	}

	@Test
	void answersPointsFromTheRangeQuery() throws Exception {
		PrometheusMetricsStorage storage = start();
		long t0 = 60_000;
		this.queryBody = """
				{"status":"success","data":{"resultType":"matrix","result":[
				 {"metric":{"region":"eu"},"values":[[%s,"3"],[%s,"NaN"],[%s,"4"]]},
				 {"metric":{"region":"us"},"values":[[%s,"1"]]}]}}
				""".formatted(t0 / 1000.0 + 60, t0 / 1000.0 + 120, t0 / 1000.0 + 180, t0 / 1000.0 + 60);
		AggregatedMetrics answer = engine(storage).apply(MetricsQuery.of("orders")
			.withRange(Instant.ofEpochMilli(t0), Instant.ofEpochMilli(t0 + 180_000))
			.withStep(Duration.ofMinutes(1))
			.withStatistics("count", "p99")
			.withGroupBy("region")
			.withScope(MetricsQuery.Scope.CLUSTER));
		assertThat(answer.error()).isNull();
		assertThat(answer.rollup()).isEqualTo("prometheus");
		assertThat(answer.step()).isEqualTo(Duration.ofMinutes(1));
		assertThat(answer.series()).hasSize(2);
		AggregatedMetrics.Series eu = answer.series().get(0);
		assertThat(eu.tags()).containsExactly(Map.entry("region", "eu"));
		assertThat(eu.value(Instant.ofEpochMilli(t0), "count")).isEqualTo(3.0);
		assertThat(eu.points()).hasSize(2);
		assertThat(eu.value(Instant.ofEpochMilli(t0 + 120_000), "count")).isEqualTo(4.0);
		// the family lookup and one range query (a counter has no p99); the tenant header
		// and the cluster scope without instance_id, limited to the service
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(0)).startsWith("/prom/api/v1/label/__name__/values");
		assertThat(java.net.URLDecoder.decode(this.requests.get(1), StandardCharsets.UTF_8))
			.startsWith("/prom/api/v1/query_range")
			.contains("orders_total{service=\"shop\"}")
			.doesNotContain("instance_id");
		assertThat(storage.state().healthy()).isTrue();
		assertThat(storage.state().lastWrite()).isNotNull();
		assertThat(storage.backend()).isEqualTo("prometheus");
	}

	@Test
	void aLocalQueryIsLimitedToTheInstanceAndCutToMaxSeries() throws Exception {
		PrometheusMetricsStorage storage = start();
		StringBuilder results = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			results.append((i > 0) ? "," : "")
				.append("{\"metric\":{\"__name__\":\"x\",\"job\":\"app\",\"instance\":\"h:1\",\"k\":\"v" + i
						+ "\"},\"values\":[[120,\"1\"]]}");
		}
		this.queryBody = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + results + "]}}";
		AggregatedMetrics answer = storage.query(MetricsQuery.of("orders"), Instant.ofEpochMilli(60_000),
				Instant.ofEpochMilli(120_000), Duration.ofMinutes(1), List.of("count"), "i-1", 3);
		assertThat(answer.truncated()).isTrue();
		assertThat(answer.series()).hasSize(3);
		assertThat(answer.series().get(0).tags()).containsExactly(Map.entry("k", "v0"));
		assertThat(java.net.URLDecoder.decode(this.requests.get(1), StandardCharsets.UTF_8))
			.contains("instance_id=\"i-1\"");
	}

	@Test
	void aNameWithoutSeriesAnswersNoSeries() throws Exception {
		PrometheusMetricsStorage storage = start();
		this.namesBody = "{\"status\":\"success\",\"data\":[]}";
		AggregatedMetrics answer = engine(storage).apply(MetricsQuery.of("nothing").withStatistics("count"));
		assertThat(answer.error()).isNull();
		assertThat(answer.series()).isEmpty();
	}

	@Test
	void serverErrorsAreErrorMessages() throws Exception {
		PrometheusMetricsStorage storage = start();
		this.status = 400;
		this.namesBody = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}";
		AggregatedMetrics answer = engine(storage).apply(MetricsQuery.of("orders"));
		assertThat(answer.error()).contains("answered HTTP 400").contains("parse error at char 3");
		assertThat(storage.state().healthy()).isFalse();
		assertThat(storage.state().lastError()).contains("parse error");
		this.status = 502;
		this.namesBody = "<html>Bad gateway</html>";
		assertThat(engine(storage).apply(MetricsQuery.of("orders")).error()).contains("HTTP 502")
			.contains("not its API's JSON");
		this.status = 200;
		this.namesBody = "[1, 2]";
		assertThat(engine(storage).apply(MetricsQuery.of("orders")).error()).contains("not its API's JSON");
		this.namesBody = "{\"status\":\"success\"}";
		assertThat(engine(storage).apply(MetricsQuery.of("orders")).error()).contains("without data");
		this.namesBody = "{\"status\":\"success\",\"data\":[\"orders_total\"]}";
		this.queryBody = "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{},\"values\":[[\"x\",\"y\"]]}]}}";
		AggregatedMetrics odd = engine(storage).apply(MetricsQuery.of("orders").withStatistics("count"));
		assertThat(odd.error()).isNull();
		assertThat(odd.series()).isEmpty();
		assertThat(storage.state().healthy()).isTrue();
	}

	@Test
	void anUnreachableServerIsAnErrorMessage() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		PrometheusMetricsStorage storage = new PrometheusMetricsStorage(URI.create("http://127.0.0.1:" + port),
				Duration.ofSeconds(2), Map.of(), null, RETENTION, this.clock);
		AggregatedMetrics answer = engine(storage).apply(MetricsQuery.of("orders"));
		assertThat(answer.error()).contains("could not be reached");
		assertThat(storage.names(null)).isEmpty();
		assertThat(storage.state().lastError()).contains("could not be reached");
	}

	@Test
	void writesAndReadsDoNothingAndNamesComeFromTheServer() throws Exception {
		PrometheusMetricsStorage storage = start();
		storage.write(null);
		assertThat(storage.read(null)).isEmpty();
		assertThat(storage.retention()).isEqualTo(RETENTION);
		this.namesBody = "{\"status\":\"success\",\"data\":[\"b_total\",\"a\"]}";
		assertThat(storage.names("i-1")).containsExactly("a", "b_total");
		assertThat(java.net.URLDecoder.decode(this.requests.get(0), StandardCharsets.UTF_8))
			.contains("match[]={instance_id=\"i-1\",service=\"shop\"}");
		assertThat(engine(storage).names(MetricsQuery.Scope.CLUSTER)).containsExactly("a", "b_total");
		storage.close();
	}

	@Test
	void theEngineStillChecksTheQuery() throws Exception {
		PrometheusMetricsStorage storage = start();
		HistoryQueryEngine engine = engine(storage);
		assertThat(engine.apply(MetricsQuery.of("orders").withStatistics("p101")).error())
			.contains("Unknown statistic");
		assertThat(engine.apply(MetricsQuery.of("orders")
			.withRange(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(3000)))
			.withStep(Duration.ofSeconds(1))).error()).contains("bduf.metrics.query.max-points");
		// without a step: the range over 360 points, in whole seconds
		AggregatedMetrics answer = engine.apply(MetricsQuery.of("orders").withStatistics("count"));
		assertThat(answer.step()).isEqualTo(Duration.ofSeconds(10));
		List<String> seen = new ArrayList<>(this.requests);
		assertThat(seen).isNotEmpty();
	}

}
