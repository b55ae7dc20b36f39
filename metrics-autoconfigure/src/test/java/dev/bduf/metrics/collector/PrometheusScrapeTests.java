package dev.bduf.metrics.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.test.ExternalTools;
import dev.bduf.metrics.test.ExternalTools.PromtoolResult;
import dev.bduf.metrics.test.RandomInputs;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What the facade records scrapes as valid Prometheus text, checked by
 * {@code promtool check metrics}.
 */
class PrometheusScrapeTests {

	private static final Set<String> lintProblems = new ConcurrentSkipListSet<>();

	private final MockClock clock = new MockClock();

	private final PrometheusMeterRegistry registry = registry(this.clock);

	/** A Prometheus registry with the default tags, as the starter's MeterFilter adds them. */
	private static PrometheusMeterRegistry registry(MockClock clock) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
				new PrometheusRegistry(), clock);
		Fixture.DEFAULT_TAGS.forEach((key, value) -> registry.config().commonTags(key, value));
		return registry;
	}

	@AfterAll
	static void printLintProblems() {
		if (!lintProblems.isEmpty()) {
			System.out.println("promtool lint problems seen (accepted, not errors):");
			lintProblems.forEach((problem) -> System.out.println("  " + problem));
		}
	}

	@Test
	void typicalMetricsScrapeCleanly() {
		Path promtool = ExternalTools.requirePromtool();
		DefaultMetricsCollector collector = collector(1000);
		collector.increment("http.requests", 1, Map.of("method", "GET", "status", 200));
		collector.decrement("queue.depth");
		collector.gauge("pool.size", 4, Map.of("pool", "db"));
		collector.histogram("payload.size", 2, MetricUnit.KILOBYTES, Map.of());
		collector.histogram("batch.size", 10);
		collector.timing("db.query", Duration.ofMillis(12), Map.of("table", "users"));
		collector.businessMetric("revenue", 19.99, MetricUnit.CURRENCY, Map.of("plan", "pro"));
		collector.performance("import.run", PerformanceMeasurement.builder(Duration.ofMillis(120))
			.cpuTime(Duration.ofMillis(80))
			.allocatedBytes(4096)
			.memoryDeltaBytes(1024)
			.gc(2, Duration.ofMillis(15))
			.custom("rows", 300)
			.build());
		collector.timer("checkout").split("paid");

		String scrape = this.registry.scrape();
		PromtoolResult result = ExternalTools.assertNoErrors(promtool, scrape);
		lintProblems.addAll(result.lintProblems());

		assertThat(scrape).contains(
				"http_requests_total{environment=\"test\",instance=\"host-1\",method=\"GET\",service=\"svc\",status=\"200\",version=\"1.0\"} 1.0")
			.contains("queue_depth{")
			.contains("payload_size_bytes_sum{")
			.contains("db_query_seconds_count{")
			.contains("revenue_currency_sum{business=\"true\"")
			.contains("import_run_cpu_seconds_count{")
			.contains("checkout_paid_seconds_count{");
	}
	@Test
	void aReservedOrCollidingTagKeyDoesNotBreakTheScrape() {
		Path promtool = ExternalTools.requirePromtool();
		DefaultMetricsCollector collector = collector(10);
		collector.timing("db.query", Duration.ofMillis(1), Map.of("quantile", "p99"));
		collector.histogram("size", 1, Map.of("le", "10"));
		collector.increment("hits", 1, Map.of("user.id", "1", "user_id", "1"));
		collector.increment("hits", 1, Map.of("9a", "1", "8a", "1"));
		collector.increment("hits", 1, Map.of("user.id", "1"));

		String scrape = this.registry.scrape();
		ExternalTools.assertNoErrors(promtool, scrape);
		assertThat(scrape).contains("hits_total{environment=\"test\",instance=\"host-1\",service=\"svc\",user_id=\"1\"");
	}

	@Test
	void theOverflowSeriesIsScraped() {
		Path promtool = ExternalTools.requirePromtool();
		DefaultMetricsCollector collector = collector(2);
		for (int i = 0; i < 5; i++) {
			collector.increment("logins", 1, Map.of("user", "u" + i));
		}

		String scrape = this.registry.scrape();
		ExternalTools.assertNoErrors(promtool, scrape);

		assertThat(scrape).contains("logins_total{environment=\"test\",instance=\"host-1\",service=\"svc\",user=\"u0\"")
			.contains("logins_total{environment=\"test\",instance=\"host-1\",service=\"svc\",user=\"_overflow_\",version=\"1.0\"} 3.0");
	}

	@Test
	void aNameCollidingWithAnotherNamesDerivedSeriesDoesNotBreakTheScrape() {
		DefaultMetricsCollector collector = collector(10);
		collector.histogram("jobs", 1);
		collector.gauge("jobs.max", 1);

		assertThatNoException().isThrownBy(this.registry::scrape);
	}

	@Test
	void aNameCollidingWithAnotherNamesSampleIsValidPrometheusText() {
		Path promtool = ExternalTools.requirePromtool();
		DefaultMetricsCollector collector = collector(10);
		collector.histogram("jobs", 1);
		collector.gauge("jobs.sum", 1);

		ExternalTools.assertNoErrors(promtool, this.registry.scrape());
	}

	@Test
	void namesThatDifferOnlyInSeparatorsAreNotSilentlyDropped() {
		Path promtool = ExternalTools.requirePromtool();
		DefaultMetricsCollector collector = collector(10);
		collector.increment("a.b");
		collector.increment("a_b");

		String scrape = this.registry.scrape();
		ExternalTools.assertNoErrors(promtool, scrape);
		boolean rejected = collector.getCollectorStats().rejected() > 0;
		assertThat(rejected || scrape.contains("} 2.0"))
			.as("colliding names are rejected or merged, never silently dropped:%n%s", scrape)
			.isTrue();
	}

	@RepeatedTest(50)
	void randomInputScrapesAsValidPrometheusText(RepetitionInfo repetition) {
		Path promtool = ExternalTools.requirePromtool();
		long seed = RandomInputs.seed(repetition.getCurrentRepetition());
		RandomInputs.withSeed(seed, RandomInputs.prometheusSafeNames(seed), (random) -> {
			DefaultMetricsCollector collector = collector(1 + random.nextInt(4));
			CollectorFuzzTests.Driver driver = new CollectorFuzzTests.Driver(collector, random);
			for (int i = 0; i < 150; i++) {
				driver.step();
			}
			String scrape = this.registry.scrape();
			PromtoolResult result = ExternalTools.assertNoErrors(promtool, scrape);
			lintProblems.addAll(result.lintProblems());
		});
	}

	private DefaultMetricsCollector collector(int maxSeriesPerName) {
		return new DefaultMetricsCollector(this.registry,
				CollectorSettings.builder()
					.defaultTags(Fixture.DEFAULT_TAGS)
					.maxSeriesPerName(maxSeriesPerName)
					.upDownCounters(List.of("queue.*"))
					.build(),
				this.clock);
	}

}
