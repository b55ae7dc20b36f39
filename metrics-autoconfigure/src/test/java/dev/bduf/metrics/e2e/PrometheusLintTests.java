package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.test.ExternalTools;
import dev.bduf.metrics.test.ExternalTools.PromtoolResult;
import dev.bduf.metrics.tracking.PerformanceTracker;
import dev.bduf.metrics.tracking.TrackingOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promtool check metrics} over a whole application's scrape: the framework's own
 * meters (the collector's every kind and its own {@code bduf.collector.*} statistics, tracked methods with their CPU, allocation and slow
 * meters, business metrics) carry help text and base units, so promtool reports no lint
 * for them. What remains (Spring Boot's and Micrometer's own meters) is printed.
 */
class PrometheusLintTests {

	/** Name prefixes of the meters this test records through the framework. */
	private static final String[] OURS = { "lint_", "method_tracked", "bduf_" };

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-lint",
				"management.endpoints.web.exposure.include=prometheus");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void theFrameworksOwnMetersHaveNoLint() throws Exception {
		Path promtool = ExternalTools.requirePromtool();
		MetricsCollector collector = app.bean(MetricsCollector.class);
		collector.increment("lint.orders", 2, Map.of("region", "eu"));
		collector.decrement("lint.carts.open");
		collector.gauge("lint.queue.depth", 3);
		collector.histogram("lint.payload", 2, MetricUnit.KILOBYTES, Map.of());
		collector.histogram("lint.batch", 10);
		collector.timing("lint.query", Duration.ofMillis(12), Map.of("table", "users"));
		collector.businessMetric("lint.revenue", 19.99, MetricUnit.CURRENCY, Map.of("plan", "pro"));
		collector.businessMetric("lint.signups", 1, MetricUnit.COUNT, Map.of());
		collector.performance("lint.import", PerformanceMeasurement.builder(Duration.ofMillis(120))
			.cpuTime(Duration.ofMillis(80))
			.allocatedBytes(4096)
			.build());
		collector.timer("lint.checkout").split("paid");
		PerformanceTracker tracker = app.bean(PerformanceTracker.class);
		tracker.trackRunnable("method.tracked",
				() -> { }, TrackingOptions.builder().trackCpu(true).trackMemory(true).threshold(Duration.ofNanos(1)).build())
			.run();

		HttpResponse<String> response = app.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		String scrape = response.body();
		assertThat(scrape).contains("lint_orders_total{", "lint_revenue_currency_sum{", "method_tracked_seconds_count{");

		PromtoolResult result = ExternalTools.assertNoErrors(promtool, scrape);
		List<String> ours = result.lintProblems()
			.stream()
			.filter((problem) -> List.of(OURS).stream().anyMatch(problem::startsWith))
			.toList();
		List<String> remaining = result.lintProblems().stream().filter((problem) -> !ours.contains(problem)).toList();
		System.out.println("promtool lint left on Spring Boot's and Micrometer's own meters (" + remaining.size()
				+ "):");
		remaining.forEach((problem) -> System.out.println("  " + problem));
		assertThat(ours).as("promtool lint on the framework's own meters").isEmpty();
	}

}
