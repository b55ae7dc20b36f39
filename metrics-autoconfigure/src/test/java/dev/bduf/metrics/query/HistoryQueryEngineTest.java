package dev.bduf.metrics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Query semantics over hand-written snapshots: grouping, scope, limits and errors.
 */
class HistoryQueryEngineTest {

	private static final Duration STEP = Duration.ofSeconds(10);

	private final MockClock clock = new MockClock();

	private final MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);

	private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

	HistoryQueryEngineTest() {
		this.clock.add(this.start.toEpochMilli() + 60_000 - this.clock.wallTime(), java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	private HistoryQueryEngine engine(int maxPoints, int maxSeries) {
		return new HistoryQueryEngine(this.storage, this.clock, STEP, "a", maxPoints, maxSeries);
	}

	private void write(String instance, int step, SeriesPoint... points) {
		this.storage.write(new StepSnapshot(this.start.plus(STEP.multipliedBy(step)), STEP, instance, List.of(points)));
	}

	private static SeriesPoint gauge(Map<String, String> tags, double value) {
		return SeriesPoint.gauge("queue", null, tags, value);
	}

	private MetricsQuery query(String name) {
		return MetricsQuery.of(name).withRange(this.start, this.start.plus(Duration.ofMinutes(1)));
	}

	@Test
	void groupByTreatsAMissingKeyAsItsOwnValueAndSumsGaugeLasts() {
		write("a", 0, gauge(Map.of("pool", "x"), 1), gauge(Map.of("pool", "y"), 2), gauge(Map.of(), 4));
		write("a", 1, gauge(Map.of("pool", "x"), 3), gauge(Map.of("pool", "y"), 5), gauge(Map.of(), 8));
		AggregatedMetrics answer = engine(1000, 100).apply(query("queue").withStep(Duration.ofMinutes(1))
			.withGroupBy("pool")
			.withStatistics("value", "min", "max", "mean", "count", "sum", "stddev", "rate", "p50"));
		assertThat(answer.error()).isNull();
		assertThat(answer.series()).extracting(AggregatedMetrics.Series::tags)
			.containsExactlyInAnyOrder(Map.of(), Map.of("pool", "x"), Map.of("pool", "y"));
		Map<String, Double> missing = answer.series()
			.stream()
			.filter((s) -> s.tags().isEmpty())
			.findFirst()
			.orElseThrow()
			.points()
			.get(this.start);
		assertThat(missing).containsEntry("value", 8.0)
			.containsEntry("min", 4.0)
			.containsEntry("max", 8.0)
			.containsEntry("mean", 6.0)
			.containsEntry("count", 2.0)
			.containsEntry("stddev", 2.0)
			.doesNotContainKeys("rate", "p50");
		AggregatedMetrics all = engine(1000, 100)
			.apply(query("queue").withStep(Duration.ofMinutes(1)).withGroupBy("none").withStatistics("value"));
		assertThat(all.series()).singleElement()
			.satisfies((s) -> assertThat(s.value(this.start, "value")).isEqualTo(16.0));
		assertThat(all.series().get(0).value(this.start.plusSeconds(1), "value")).isNull();
	}

	@Test
	void clusterScopeMergesInstancesAndLocalScopeReadsOnlyThisOne() {
		write("a", 0, SeriesPoint.counter("orders", null, Map.of("instance_id", "a"), 3, 3));
		write("b", 0, SeriesPoint.counter("orders", null, Map.of("instance_id", "b"), 4, 4));
		HistoryQueryEngine engine = engine(1000, 100);
		MetricsQuery query = query("orders").withStep(Duration.ofMinutes(1)).withStatistics("count", "rate");
		assertThat(engine.apply(query).series()).singleElement()
			.satisfies((s) -> assertThat(s.value(this.start, "count")).isEqualTo(3.0));
		AggregatedMetrics cluster = engine.apply(query.withScope(MetricsQuery.Scope.CLUSTER).withGroupBy("service"));
		assertThat(cluster.series()).singleElement().satisfies((s) -> {
			assertThat(s.tags()).isEmpty();
			assertThat(s.value(this.start, "count")).isEqualTo(7.0);
			assertThat(s.value(this.start, "rate")).isCloseTo(7 / 60.0, within(1e-12));
		});
		assertThat(engine.names(MetricsQuery.Scope.LOCAL)).containsExactly("orders");
		assertThat(engine.names(MetricsQuery.Scope.CLUSTER)).containsExactly("orders");
	}

	@Test
	void timersMergeSketchesAcrossSeries() {
		DDSketch fast = Sketch.newDDSketch(0.01);
		DDSketch slow = Sketch.newDDSketch(0.01);
		for (int i = 1; i <= 100; i++) {
			fast.accept(i / 1000.0);
			slow.accept(i / 10.0);
		}
		write("a", 0,
				SeriesPoint.distribution("t", MeterKind.TIMER, "seconds", Map.of("uri", "/fast"), 100, 5.05, 0.1,
						Sketch.of(fast)),
				SeriesPoint.distribution("t", MeterKind.TIMER, "seconds", Map.of("uri", "/slow"), 100, 505, 10,
						Sketch.of(slow)));
		AggregatedMetrics answer = engine(1000, 100).apply(query("t").withStep(Duration.ofMinutes(1))
			.withGroupBy("service")
			.withStatistics("p50", "p99", "min", "max", "count", "value", "stddev", "p0", "p100"));
		Map<String, Double> point = answer.series().get(0).points().get(this.start);
		assertThat(point.get("count")).isEqualTo(200.0);
		assertThat(point.get("p50")).isCloseTo(0.1, within(0.002));
		assertThat(point.get("p99")).isCloseTo(9.9, within(0.1));
		assertThat(point.get("min")).isCloseTo(0.001, within(0.00002));
		assertThat(point.get("max")).isEqualTo(10.0);
		assertThat(point.get("value")).isCloseTo(510.05 / 200, within(1e-9));
		assertThat(point.get("stddev")).isGreaterThan(2.5).isLessThan(3.5);
	}

	@Test
	void limitsTruncateSeriesAndRefuseRangesWithTooManyPoints() {
		for (int i = 0; i < 5; i++) {
			write("a", 0, gauge(Map.of("pool", "p" + i), i));
		}
		AggregatedMetrics truncated = engine(1000, 3).apply(query("queue").withStep(Duration.ofMinutes(1)));
		assertThat(truncated.truncated()).isTrue();
		assertThat(truncated.series()).hasSize(3);
		AggregatedMetrics byPoints = engine(12, 100).apply(query("queue").withStep(STEP));
		assertThat(byPoints.truncated()).isTrue();
		assertThat(byPoints.series()).hasSize(2);
		AggregatedMetrics refused = engine(5, 100).apply(query("queue").withStep(STEP));
		assertThat(refused.error()).contains("makes 6 points per series", "max-points (5)");
		assertThat(refused.ok()).isFalse();
		AggregatedMetrics readCap = engine(1, 100).apply(query("queue").withStep(Duration.ofMinutes(1)));
		assertThat(readCap.truncated()).isTrue();
	}

	@Test
	void badQueriesAreAnsweredWithAnErrorAndNeverThrow() {
		HistoryQueryEngine engine = engine(1000, 100);
		assertThat(engine.apply(null).error()).contains("required");
		assertThat(engine.apply(MetricsQuery.of(" ")).error()).contains("name is required");
		assertThat(engine.apply(query("x").withRange(this.start, this.start)).error()).contains("must be before");
		assertThat(engine.apply(query("x").withStatistics("p200")).error()).contains("Unknown statistic 'p200'");
		assertThat(engine.apply(query("x").withGroupBy(" ")).error()).contains("groupBy");
		assertThat(engine.apply(query("x").withStep(Duration.ofSeconds(-1))).error()).contains("positive");
		assertThat(engine.apply(new MetricsQuery(null, null, null, null, null, null, null, null)).error())
			.contains("name is required");
		AggregatedMetrics empty = engine.apply(MetricsQuery.of("nothing").withTags(Map.of("a", "b")));
		assertThat(empty.error()).isNull();
		assertThat(empty.series()).isEmpty();
		assertThat(empty.rollup()).isEqualTo("raw");
		assertThat(empty.statistics()).containsExactly("value");
		assertThat(empty.step()).isEqualTo(STEP);
		AggregatedMetrics day = engine.apply(MetricsQuery.of("nothing")
			.withRange(this.start.minus(Duration.ofHours(20)), this.start));
		assertThat(day.rollup()).isEqualTo("1m");
		assertThat(day.step()).isEqualTo(Duration.ofMinutes(4));
		AggregatedMetrics month = engine(10_000, 100).apply(MetricsQuery.of("nothing")
			.withRange(this.start.minus(Duration.ofDays(20)), this.start)
			.withStep(Duration.ofSeconds(10)));
		assertThat(month.rollup()).isEqualTo("10m");
		assertThat(month.step()).isEqualTo(Duration.ofMinutes(10));
		AggregatedMetrics ancient = engine.apply(MetricsQuery.of("nothing")
			.withRange(this.start.minus(Duration.ofDays(200)), this.start.minus(Duration.ofDays(199)))
			.withStep(Duration.ofMinutes(10)));
		assertThat(ancient.error()).isNull();
		assertThat(ancient.rollup()).isEqualTo("10m");
		assertThat(Statistic.parse("P99.9").quantile()).isCloseTo(0.999, within(1e-12));
		assertThat(Statistic.parse("p1000")).isNull();
	}

	@Test
	void completedRollupStepsAreReusedUntilTheStorageWritesThatResolutionAgain() {
		MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
		Duration tenMinutes = Duration.ofMinutes(10);
		for (int period = 0; period < 12; period++) {
			DDSketch sketch = Sketch.newDDSketch(0.01);
			sketch.accept(period + 1);
			storage.write(new StepSnapshot(this.start.plus(tenMinutes.multipliedBy(period)), tenMinutes,
					Resolution.TEN_MINUTES, "a", List.of(SeriesPoint.distribution("latency", MeterKind.TIMER, "seconds",
							Map.of("uri", "/a"), 1, period + 1, period + 1, Sketch.of(sketch)))));
		}
		this.clock.add(this.start.plus(Duration.ofHours(2)).toEpochMilli() - this.clock.wallTime(),
				java.util.concurrent.TimeUnit.MILLISECONDS);
		HistoryQueryEngine engine = new HistoryQueryEngine(storage, this.clock, STEP, "a", 1000, 100);
		MetricsQuery query = MetricsQuery.of("latency")
			.withRange(this.start, this.start.plus(Duration.ofHours(2)))
			.withStep(tenMinutes)
			.withStatistics("count", "p50", "max")
			.withGroupBy("service");
		AggregatedMetrics first = engine.apply(query);
		assertThat(first.rollup()).startsWith("10m");
		assertThat(first.series()).singleElement()
			.satisfies((series) -> {
				assertThat(series.points()).hasSize(11);
				Map<String, Double> fourth = series.points().get(this.start.plus(tenMinutes.multipliedBy(3)));
				assertThat(fourth).containsEntry("count", 1.0).containsEntry("max", 4.0);
				assertThat(fourth.get("p50")).isCloseTo(4.0, within(0.04));
			});
		AggregatedMetrics again = engine.apply(query);
		assertThat(again.series()).isEqualTo(first.series());
		// A new series in a completed period: the storage's version changes, the answer too.
		DDSketch late = Sketch.newDDSketch(0.01);
		late.accept(100);
		storage.write(new StepSnapshot(this.start.plus(tenMinutes.multipliedBy(3)), tenMinutes,
				Resolution.TEN_MINUTES, "a", List.of(SeriesPoint.distribution("latency", MeterKind.TIMER, "seconds",
						Map.of("uri", "/b"), 1, 100, 100, Sketch.of(late)))));
		AggregatedMetrics after = engine.apply(query);
		assertThat(after.series()).singleElement()
			.satisfies((series) -> assertThat(series.points().get(this.start.plus(tenMinutes.multipliedBy(3))))
				.containsEntry("count", 2.0)
				.containsEntry("max", 100.0));
	}

	@Test
	void aClusterQueryOfMemoryStorageSaysItCoversThisInstanceOnly() {
		write("a", 0, gauge(Map.of(), 1));
		AggregatedMetrics cluster = engine(1000, 100)
			.apply(query("queue").withScope(MetricsQuery.Scope.CLUSTER).withStep(Duration.ofMinutes(1)));
		assertThat(cluster.error()).isNull();
		assertThat(cluster.note()).contains("this instance only").contains("memory");
		assertThat(engine(1000, 100).apply(query("queue").withStep(Duration.ofMinutes(1))).note()).isNull();
	}

}
