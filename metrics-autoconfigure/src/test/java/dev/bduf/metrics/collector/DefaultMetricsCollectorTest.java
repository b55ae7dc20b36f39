package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.BatchResult;
import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.CustomMetric;
import dev.bduf.metrics.MetricBatch;
import dev.bduf.metrics.MetricType;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What each recording method puts in the registry.
 */
class DefaultMetricsCollectorTest {

	private final Fixture fixture = new Fixture();

	private final DefaultMetricsCollector collector = this.fixture.collector;

	private final io.micrometer.core.instrument.MeterRegistry registry = this.fixture.registry;

	@Test
	void incrementAddsToACounter() {
		this.collector.increment("orders.placed");
		this.collector.increment("orders.placed", 2.5);
		this.collector.increment("orders.by.region", 1, Map.of("region", "eu"));

		assertThat(this.registry.get("orders.placed").counters()).hasSize(1);
		assertThat(counter("orders.placed", Map.of()).count()).isEqualTo(3.5);
		assertThat(counter("orders.by.region", Map.of("region", "eu")).count()).isEqualTo(1);
		assertThat(this.fixture.recorded()).isEqualTo(3);
	}

	@Test
	void decrementFirstMakesAnUpDownCounterExportedAsAGauge() {
		this.collector.decrement("queue.depth");
		this.collector.decrement("queue.depth", 2);
		this.collector.increment("queue.depth", 5);
		this.collector.decrement("queue.depth", 1, Map.of());

		Gauge gauge = this.registry.get("queue.depth").gauge();
		assertThat(gauge.value()).isEqualTo(1);
		assertThat(this.registry.find("queue.depth").counter()).isNull();
	}

	@Test
	void gaugeKeepsTheLastValue() {
		this.collector.gauge("pool.size", 3);
		this.collector.gauge("pool.size", -7.5);
		this.collector.gauge("pool.active", 4, Map.of("pool", "db"));

		assertThat(gauge("pool.size", Map.of()).value()).isEqualTo(-7.5);
		assertThat(gauge("pool.active", Map.of("pool", "db")).value()).isEqualTo(4);
	}

	@Test
	void gaugeSurvivesGarbageCollection() {
		this.collector.gauge("held.value", 42);
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		assertThat(this.registry.get("held.value").gauge().value()).isEqualTo(42);
	}

	@Test
	void histogramRecordsInTheUnitsBaseUnit() {
		this.collector.histogram("payload.size", 2, MetricUnit.KILOBYTES, Map.of());
		this.collector.histogram("payload.size", 512, MetricUnit.BYTES, Map.of());
		this.collector.histogram("batch.size", 10);
		this.collector.histogram("batch.items", 20, Map.of("queue", "a"));
		this.collector.histogram("latency.budget", 1500, MetricUnit.MILLISECONDS, Map.of());

		DistributionSummary payload = this.registry.get("payload.size").summary();
		assertThat(payload.getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(payload.totalAmount()).isEqualTo(2048 + 512);
		assertThat(payload.count()).isEqualTo(2);
		assertThat(summary("batch.size", Map.of()).totalAmount()).isEqualTo(10);
		assertThat(summary("batch.size", Map.of()).getId().getBaseUnit()).isNull();
		assertThat(summary("batch.items", Map.of("queue", "a")).totalAmount()).isEqualTo(20);
		DistributionSummary budget = this.registry.get("latency.budget").summary();
		assertThat(budget.getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(budget.totalAmount()).isEqualTo(1.5);
	}

	@Test
	void timingRecordsDurations() {
		this.collector.timing("db.query", Duration.ofMillis(250));
		this.collector.timing("db.query", 750, TimeUnit.MILLISECONDS, Map.of());
		this.collector.timing("db.query.by.table", Duration.ofSeconds(2), Map.of("table", "users"));

		Timer timer = timer("db.query", Map.of());
		assertThat(timer.count()).isEqualTo(2);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
		assertThat(timer("db.query.by.table", Map.of("table", "users")).totalTime(TimeUnit.SECONDS)).isEqualTo(2);
	}

	@Test
	void timingOfAHugeDurationSaturatesInsteadOfThrowing() {
		this.collector.timing("forever", Duration.ofSeconds(Long.MAX_VALUE));

		assertThat(this.registry.get("forever").timer().count()).isEqualTo(1);
	}

	@Test
	void businessMetricIsASummaryTaggedBusinessInTheBaseUnit() {
		this.collector.businessMetric("revenue", 19.99, MetricUnit.CURRENCY, Map.of("plan", "free"));
		this.collector.businessMetric("revenue", 5, MetricUnit.CURRENCY, Map.of("plan", "pro"));
		this.collector.businessMetric("export.volume", 3, MetricUnit.MEGABYTES, Map.of());

		DistributionSummary revenue = this.registry.get("revenue").tag("business", "true").tag("plan", "pro").summary();
		assertThat(revenue.getId().getBaseUnit()).isEqualTo("currency");
		assertThat(revenue.totalAmount()).isEqualTo(5);
		assertThat(this.registry.get("revenue").tag("business", "true").summaries()).hasSize(2);
		DistributionSummary volume = this.registry.get("export.volume").tag("business", "true").summary();
		assertThat(volume.getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(volume.totalAmount()).isEqualTo(3 * 1024 * 1024);
	}

	@Test
	void performanceRecordsEveryPart() {
		PerformanceMeasurement measurement = PerformanceMeasurement.builder(Duration.ofMillis(120))
			.cpuTime(Duration.ofMillis(80))
			.allocatedBytes(4096)
			.memoryDeltaBytes(1024)
			.gc(2, Duration.ofMillis(15))
			.custom("rows", 300)
			.custom("Cache Hits", 7L)
			.build();

		this.collector.performance("import.run", measurement, Map.of("source", "csv"));

		assertThat(this.registry.get("import.run").tag("source", "csv").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(120);
		assertThat(this.registry.get("import.run.cpu").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(80);
		DistributionSummary allocated = this.registry.get("import.run.allocated").summary();
		assertThat(allocated.totalAmount()).isEqualTo(4096);
		assertThat(allocated.getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(this.registry.get("import.run.memory").summary().totalAmount()).isEqualTo(1024);
		assertThat(this.registry.get("import.run.gc.count").summary().totalAmount()).isEqualTo(2);
		assertThat(this.registry.get("import.run.gc.time").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15);
		assertThat(this.registry.get("import.run.rows").summary().totalAmount()).isEqualTo(300);
		assertThat(this.registry.get("import.run.cache_hits").summary().totalAmount()).isEqualTo(7);
		assertThat(this.registry.getMeters()).allSatisfy(
				(meter) -> assertThat(meter.getId().getTag("source")).as(meter.getId().getName()).isEqualTo("csv"));
		assertThat(this.fixture.recorded()).isEqualTo(8);
	}

	@Test
	void performanceWithOnlyADurationRecordsOnlyTheTimer() {
		this.collector.performance("step", PerformanceMeasurement.of(Duration.ofMillis(5)));

		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName()).containsExactly("step");
	}

	@Test
	void performanceSkipsANegativeMemoryDelta() {
		this.collector.performance("step",
				PerformanceMeasurement.builder(Duration.ofMillis(5)).memoryDeltaBytes(-100).build());

		assertThat(this.registry.find("step.memory").meter()).isNull();
		assertThat(this.collector.getCollectorStats().attempted()).isEqualTo(1);
	}

	@Test
	void performanceWithARejectedDurationRecordsNothingElse() {
		this.collector.performance("step",
				PerformanceMeasurement.builder(Duration.ofMillis(-5)).cpuTime(Duration.ofMillis(1)).build());

		assertThat(this.registry.getMeters()).isEmpty();
		assertThat(this.fixture.rejected(RejectionReason.INVALID_DURATION)).isEqualTo(1);
		assertThat(this.collector.getCollectorStats().attempted()).isEqualTo(1);
	}

	@Test
	void performanceOfHugeDurationsNeverThrows() {
		Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
		this.collector.performance("step", PerformanceMeasurement.builder(huge).cpuTime(huge).gc(1, huge).build());
		this.collector.performance("step",
				PerformanceMeasurement.builder(Duration.ofSeconds(Long.MIN_VALUE)).build());

		assertThat(this.registry.get("step").timer().count()).isEqualTo(1);
		assertThat(this.registry.get("step.cpu").timer().count()).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.INVALID_DURATION)).isEqualTo(1);
	}

	@Test
	void performanceWithoutAMeasurementIsRejected() {
		this.collector.performance("step", null);

		assertThat(this.fixture.rejected(RejectionReason.INVALID_METRIC)).isEqualTo(1);
	}

	@Test
	void customRecordsEveryType() {
		this.collector.custom(new CustomMetric("c.counter", MetricType.COUNTER, 3, null, Map.of("k", "v")));
		this.collector.custom(CustomMetric.of("c.gauge", MetricType.GAUGE, -2));
		this.collector.custom(new CustomMetric("c.histogram", MetricType.HISTOGRAM, 2, MetricUnit.KILOBYTES, Map.of()));
		this.collector.custom(new CustomMetric("c.timer", MetricType.TIMER, 1.5, MetricUnit.SECONDS, Map.of()));
		this.collector.custom(CustomMetric.of("c.timer.ms", MetricType.TIMER, 250));
		this.collector.custom(new CustomMetric("c.business", MetricType.BUSINESS, 9, MetricUnit.USERS, Map.of()));

		assertThat(this.registry.get("c.counter").tag("k", "v").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("c.gauge").gauge().value()).isEqualTo(-2);
		assertThat(this.registry.get("c.histogram").summary().totalAmount()).isEqualTo(2048);
		assertThat(this.registry.get("c.timer").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
		assertThat(this.registry.get("c.timer.ms").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
		DistributionSummary business = this.registry.get("c.business").tag("business", "true").summary();
		assertThat(business.totalAmount()).isEqualTo(9);
		assertThat(business.getId().getBaseUnit()).isEqualTo("users");
		assertThat(this.fixture.recorded()).isEqualTo(6);
	}

	@Test
	void customUpDownCounterAddsPositiveAndSubtractsNegativeValues() {
		this.collector.custom(CustomMetric.of("c.updown", MetricType.UP_DOWN_COUNTER, 5));
		this.collector.custom(CustomMetric.of("c.updown", MetricType.UP_DOWN_COUNTER, -2));

		assertThat(this.registry.get("c.updown").gauge().value()).isEqualTo(3);
	}

	@Test
	void customTimerNeedsATimeUnit() {
		this.collector.custom(new CustomMetric("c.timer", MetricType.TIMER, 5, MetricUnit.BYTES, Map.of()));
		this.collector.custom(new CustomMetric("c.timer", MetricType.TIMER, Double.NaN, MetricUnit.SECONDS, Map.of()));

		assertThat(this.registry.find("c.timer").meter()).isNull();
		assertThat(this.fixture.rejected(RejectionReason.INVALID_UNIT)).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.NOT_FINITE)).isEqualTo(1);
	}

	@Test
	void customWithoutATypeOrNullIsRejected() {
		this.collector.custom(null);
		this.collector.custom(new CustomMetric("x", null, 1, null, Map.of()));

		assertThat(this.fixture.rejected(RejectionReason.INVALID_METRIC)).isEqualTo(2);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void batchCountsAcceptedAndRejectedEntries() {
		MetricBatch batch = MetricBatch.builder()
			.increment("b.counter", 2, Map.of())
			.gauge("b.gauge", 7, Map.of())
			.histogram("b.histogram", 3, MetricUnit.ITEMS, Map.of())
			.timing("b.timer", 20, MetricUnit.MILLISECONDS, Map.of())
			.businessMetric("b.business", 4, MetricUnit.CURRENCY, Map.of())
			.increment("b.counter", -1, Map.of())
			.gauge("b.gauge", Double.POSITIVE_INFINITY, Map.of())
			.timing("b.timer", 20, MetricUnit.PERCENT, Map.of())
			.add(null)
			.build();

		BatchResult result = this.collector.batch(batch);

		assertThat(result).isEqualTo(new BatchResult(5, 4));
		assertThat(this.registry.get("b.counter").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("b.gauge").gauge().value()).isEqualTo(7);
		assertThat(this.registry.get("b.histogram").summary().getId().getBaseUnit()).isEqualTo("items");
		assertThat(this.registry.get("b.timer").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
		assertThat(this.registry.get("b.business").summary().totalAmount()).isEqualTo(4);
		CollectorStats stats = this.collector.getCollectorStats();
		assertThat(stats.recorded()).isEqualTo(5);
		assertThat(stats.rejected()).isEqualTo(4);
	}

	@Test
	void nullBatchIsOneRejection() {
		assertThat(this.collector.batch(null)).isEqualTo(new BatchResult(0, 1));
		assertThat(this.fixture.rejected(RejectionReason.INVALID_METRIC)).isEqualTo(1);
	}

	@Test
	void namesAndTagKeysAreNormalised() {
		this.collector.increment("Orders Placed!!", 1, Map.of("Customer Region", "EU West"));

		Counter counter = this.registry.get("orders_placed").counter();
		assertThat(counter.getId().getTag("customer_region")).isEqualTo("EU West");
		assertThat(counter.count()).isEqualTo(1);
	}

	@Test
	void everySeriesCarriesTheDefaultTags() {
		this.collector.increment("a");
		this.collector.gauge("b", 1);
		this.collector.decrement("c");
		this.collector.histogram("d", 1);
		this.collector.timing("e", Duration.ZERO);
		this.collector.businessMetric("f", 1, MetricUnit.COUNT);

		assertThat(this.registry.getMeters()).hasSize(6);
		for (Meter meter : this.registry.getMeters()) {
			assertThat(meter.getId().getTags()).as(meter.getId().getName())
				.contains(Tag.of("service", "svc"), Tag.of("version", "1.0"), Tag.of("environment", "test"),
						Tag.of("instance", "host-1"));
		}
	}

	@Test
	void userTagsOverrideDefaultTags() {
		this.collector.increment("a", 1, Map.of("environment", "canary", "Service", "other"));

		Counter counter = this.registry.get("a").counter();
		assertThat(counter.getId().getTag("environment")).isEqualTo("canary");
		assertThat(counter.getId().getTag("service")).isEqualTo("other");
		assertThat(counter.getId().getTag("version")).isEqualTo("1.0");
	}

	@Test
	void tagMapsThatNormaliseAlikeShareOneSeries() {
		this.collector.increment("hits.region", 1, Map.of("Region", "eu"));
		this.collector.increment("hits.region", 1, Map.of("region", "eu"));
		this.collector.increment("hits.region", 1, Map.of("REGION", "eu"));
		this.collector.increment("hits.n", 1, Map.of("n", 1));
		this.collector.increment("hits.n", 1, Map.of("n", 1L));
		this.collector.increment("hits.n", 1, Map.of("n", "1"));
		Map<String, Object> ordered = new LinkedHashMap<>();
		ordered.put("b", true);
		ordered.put("a", "x");
		Map<String, Object> hashed = new HashMap<>();
		hashed.put("a", "x");
		hashed.put("b", "true");
		this.collector.increment("hits.ab", 1, ordered);
		this.collector.increment("hits.ab", 1, hashed);

		assertThat(this.registry.get("hits.region").counters()).hasSize(1);
		assertThat(this.registry.get("hits.region").tag("region", "eu").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("hits.n").counters()).hasSize(1);
		assertThat(this.registry.get("hits.n").tag("n", "1").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("hits.ab").tag("a", "x").tag("b", "true").counter().count()).isEqualTo(2);
		assertThat(this.collector.getCollectorStats().seriesPerName()).containsEntry("hits.region", 1)
			.containsEntry("hits.n", 1)
			.containsEntry("hits.ab", 1);
	}

	@Test
	void rawNamesThatNormaliseAlikeShareOneName() {
		this.collector.increment("Http Requests");
		this.collector.increment("http_requests");
		this.collector.increment("HTTP-REQUESTS");

		assertThat(this.registry.get("http_requests").counter().count()).isEqualTo(2);
		assertThat(this.registry.find("http-requests").counter())
			.as("http-requests is http_requests to Prometheus, so it is refused")
			.isNull();
		assertThat(this.fixture.rejected(RejectionReason.NAME_COLLISION)).isEqualTo(1);
		assertThat(this.collector.getCollectorStats().names()).isEqualTo(1);
	}

	@Test
	void statsDescribeTheCollector() {
		this.collector.increment("a", 1, Map.of("k", "1"));
		this.collector.increment("a", 1, Map.of("k", "2"));
		this.collector.gauge("b", 1);
		this.collector.timer("t");
		this.collector.increment(null);

		CollectorStats stats = this.collector.getCollectorStats();
		assertThat(stats.since()).isEqualTo(java.time.Instant.ofEpochMilli(this.fixture.clock.wallTime()));
		assertThat(stats.recorded()).isEqualTo(3);
		assertThat(stats.rejected()).isEqualTo(1);
		assertThat(stats.attempted()).isEqualTo(4);
		assertThat(stats.rejectedByReason()).containsOnlyKeys(RejectionReason.values())
			.containsEntry(RejectionReason.INVALID_NAME, 1L);
		assertThat(stats.names()).isEqualTo(2);
		assertThat(stats.series()).isEqualTo(3);
		assertThat(stats.seriesPerName()).containsExactly(org.assertj.core.api.Assertions.entry("a", 2),
				org.assertj.core.api.Assertions.entry("b", 1));
		assertThat(stats.overflow()).isEmpty();
		assertThat(stats.overflowed()).isZero();
		assertThat(stats.timersOpen()).isEqualTo(1);
	}

	@Test
	void defaultConstructorUsesDefaultSettings() {
		SimpleMeterRegistry simple = new SimpleMeterRegistry();
		DefaultMetricsCollector plain = new DefaultMetricsCollector(simple);
		plain.increment("x");
		plain.timer("t").stop();

		assertThat(simple.get("x").counter().getId().getTags()).isEmpty();
		assertThat(simple.get("t").timer().count()).isEqualTo(1);
		assertThat(simple.get("t").timer().totalTime(TimeUnit.NANOSECONDS)).isCloseTo(0, within(60e9));
	}

	private Counter counter(String name, Map<String, String> tags) {
		return (Counter) exact(name, tags);
	}

	private Gauge gauge(String name, Map<String, String> tags) {
		return (Gauge) exact(name, tags);
	}

	private DistributionSummary summary(String name, Map<String, String> tags) {
		return (DistributionSummary) exact(name, tags);
	}

	private Timer timer(String name, Map<String, String> tags) {
		return (Timer) exact(name, tags);
	}

	/** The one meter whose tags are exactly the default tags plus these. */
	private Meter exact(String name, Map<String, String> tags) {
		Map<String, String> wanted = new HashMap<>(Fixture.DEFAULT_TAGS);
		wanted.putAll(tags);
		return this.registry.get(name)
			.meters()
			.stream()
			.filter((meter) -> tagMap(meter).equals(wanted))
			.reduce((a, b) -> {
				throw new AssertionError("two meters " + a.getId() + " and " + b.getId());
			})
			.orElseThrow(() -> new AssertionError("no meter " + name + " with tags " + wanted));
	}

	private static Map<String, String> tagMap(Meter meter) {
		Map<String, String> result = new HashMap<>();
		meter.getId().getTags().forEach((tag) -> result.put(tag.getKey(), tag.getValue()));
		return result;
	}

	@Test
	void aCustomMetricWithoutTagsIsRecordedWithNone() {
		this.collector.custom(new dev.bduf.metrics.CustomMetric("imports", dev.bduf.metrics.MetricType.COUNTER, 2,
				null, null));

		assertThat(this.fixture.registry.get("imports").counter().count()).isEqualTo(2);
		assertThat(this.fixture.rejected(RejectionReason.NULL_TAG)).isZero();
	}

	@Test
	void aMutableTagMapChangedBetweenCallsRecordsToItsNewSeries() {
		Map<String, String> tags = new java.util.HashMap<>(Map.of("k", "a"));
		Map<String, String> constant = Map.of("k", "a");
		this.collector.increment("reused", 1, constant);
		this.collector.increment("reused", 1, constant);
		this.collector.increment("reused", 1, tags);
		tags.put("k", "b");
		this.collector.increment("reused", 1, tags);
		this.collector.increment("reused", 1, constant);

		assertThat(this.registry.get("reused").tag("k", "a").counter().count()).isEqualTo(4);
		assertThat(this.registry.get("reused").tag("k", "b").counter().count()).isEqualTo(1);
	}

}
