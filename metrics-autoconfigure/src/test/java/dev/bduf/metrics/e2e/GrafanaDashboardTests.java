package dev.bduf.metrics.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.test.PrometheusServer;
import dev.bduf.metrics.tracking.Tracked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard in the repository ({@code grafana/bduf-metrics.json}) is
 * importable as is and every query of it works: the test reads the JSON, checks the data
 * source is the {@code DS_PROMETHEUS} input, takes every panel's PromQL (Grafana's
 * {@code $__rate_interval} as {@code 1m}, template variables as {@code .*}) and runs it
 * against a real Prometheus server that scrapes an application exercising tracked
 * methods, business metrics and the collector's own meters; each query must return data.
 * The template variables' {@code label_values(selector, label)} queries must find their
 * label too.
 */
class GrafanaDashboardTests {

	private static final Path DASHBOARD = Path.of("..", "grafana", "bduf-metrics.json");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_]\\w*)(?::\\w+)?}?");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static RunningApp app;

	private static PrometheusServer prometheus;

	private static ScheduledExecutorService load;

	@BeforeAll
	static void start() {
		PrometheusServer.requirePrometheus();
		app = new RunningApp(DashboardApplication.class, "spring.application.name=grafana-e2e",
				"management.endpoints.web.exposure.include=prometheus,health",
				"bduf.metrics.tracking.percentile-histogram=true",
				"bduf.metrics.cardinality.max-series-per-name=3");
		prometheus = PrometheusServer.scraping(((WebServerApplicationContext) app.context).getWebServer().getPort());
		MetricsCollector collector = app.bean(MetricsCollector.class);
		Checkout checkout = app.bean(Checkout.class);
		// a timer handle never stopped: the open-timers gauge
		collector.timer("export.job");
		load = Executors.newSingleThreadScheduledExecutor();
		int[] tick = { 0 };
		load.scheduleAtFixedRate(() -> {
			int i = tick[0]++;
			checkout.pay(i % 10);
			try {
				checkout.pay(-1);
			}
			catch (IllegalArgumentException expected) {
				// outcome=error
			}
			collector.businessMetric("orders.revenue", 10 + i % 7, MetricUnit.DOLLARS, Map.of("plan", "pro"));
			collector.businessMetric("signups", 1, MetricUnit.COUNT, Map.of("plan", "free"));
			// past the cap of three series: the overflow series
			collector.increment("logins", 1, Map.of("user", "u" + (i % 6)));
			// rejected: not a number
			collector.gauge("queue.depth", Double.NaN);
		}, 0, 100, TimeUnit.MILLISECONDS);
	}

	@AfterAll
	static void stop() {
		if (load != null) {
			load.shutdownNow();
		}
		if (prometheus != null) {
			prometheus.close();
		}
		if (app != null) {
			app.close();
		}
	}

	@Test
	void dashboardIsImportableAsIs() throws Exception {
		JsonNode dashboard = json.readTree(Files.readString(DASHBOARD));
		assertThat(dashboard.path("__inputs").get(0).path("name").asString()).isEqualTo("DS_PROMETHEUS");
		assertThat(dashboard.path("__inputs").get(0).path("pluginId").asString()).isEqualTo("prometheus");
		assertThat(dashboard.path("uid").asString()).isEqualTo("bduf-metrics");
		assertThat(dashboard.path("id").isNull()).as("an exported dashboard has no database id").isTrue();
		List<JsonNode> panels = panels(dashboard);
		assertThat(panels).hasSizeGreaterThan(10);
		Set<Integer> ids = new TreeSet<>();
		for (JsonNode panel : panels) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
			if (!panel.path("type").asString().equals("row")) {
				assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
					.isEqualTo("${DS_PROMETHEUS}");
				assertThat(panel.path("targets").size()).as(panel.path("title").asString()).isPositive();
			}
		}
	}

	@Test
	void everyPanelQueryReturnsData() throws Exception {
		JsonNode dashboard = json.readTree(Files.readString(DASHBOARD));
		Set<String> variables = new TreeSet<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			variables.add(variable.path("name").asString());
		}
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				queries.put(panel.path("title").asString() + " / " + target.path("refId").asString(),
						substitute(target.path("expr").asString(), variables));
			}
		}
		assertThat(queries).hasSizeGreaterThan(15);
		prometheus.awaitTargetUp(Duration.ofSeconds(60));
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			List<String> empty = new ArrayList<>();
			queries.forEach((title, promql) -> {
				if (prometheus.query(promql).path("result").isEmpty()) {
					empty.add(title + ": " + promql);
				}
			});
			assertThat(empty).as("panel queries without data").isEmpty();
		});
	}

	@Test
	void templateVariablesFindTheirValues() {
		JsonNode dashboard;
		try {
			dashboard = json.readTree(Files.readString(DASHBOARD));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		Set<String> variables = new TreeSet<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			variables.add(variable.path("name").asString());
		}
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				Matcher query = LABEL_VALUES.matcher(variable.path("definition").asString());
				assertThat(query.matches()).as(variable.path("definition").asString()).isTrue();
				JsonNode result = prometheus.query(substitute(query.group(1), variables)).path("result");
				assertThat(result).as(variable.path("name").asString()).isNotEmpty();
				assertThat(result.get(0).path("metric").has(query.group(2))).isTrue();
			}
		});
	}

	/** Grafana's built-in intervals as fixed ranges, template variables as match-all. */
	private static String substitute(String expression, Set<String> variables) {
		String promql = expression.replace("$__rate_interval", "1m")
			.replace("$__interval", "15s")
			.replace("$__range", "5m");
		Matcher matcher = VARIABLE.matcher(promql);
		StringBuilder substituted = new StringBuilder();
		while (matcher.find()) {
			String replacement = variables.contains(matcher.group(1)) ? ".*" : matcher.group();
			matcher.appendReplacement(substituted, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(substituted);
		return substituted.toString();
	}

	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			// a collapsed row keeps its panels inside it
			for (JsonNode inner : panel.path("panels")) {
				panels.add(inner);
			}
		}
		return panels;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class DashboardApplication {

		@Bean
		Checkout checkout() {
			return new Checkout();
		}

	}

	/**
	 * A tracked service with slow calls and failures.
	 */
	public static class Checkout {

		@Tracked(threshold = "1ms")
		public int pay(int amount) {
			if (amount < 0) {
				throw new IllegalArgumentException("negative");
			}
			if (amount == 0) {
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return amount;
		}

	}

}
