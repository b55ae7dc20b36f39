package dev.bduf.metrics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.HistoryHistogramFilter;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Statistical tests of the history: a registry, the recorder, memory storage and the
 * query engine, all driven by a {@link MockClock}.
 */
class HistoryQueryTests {

	private static final Duration STEP = Duration.ofSeconds(10);

	private static final double ACCURACY = 0.01;

	/** Only ten-minute rollups reach back: queries must read them. */
	private static final Retention TEN_ONLY = new Retention(Duration.ZERO, Duration.ZERO, Duration.ofDays(1));

	private final MockClock clock = new MockClock();

	private final Instant start;

	HistoryQueryTests() {
		// align the mock clock to a ten-minute boundary
		long now = this.clock.wallTime();
		long aligned = (now / 600_000 + 1) * 600_000;
		this.clock.add(aligned - now, TimeUnit.MILLISECONDS);
		this.start = Instant.ofEpochMilli(this.clock.wallTime());
	}

	private MemoryMetricsStorage storage(Retention retention) {
		return new MemoryMetricsStorage(retention, STEP, this.clock);
	}

	private HistoryRecorder recorder(MeterRegistry registry, String instance, List<Consumer<StepSnapshot>> sinks) {
		return new HistoryRecorder(registry, this.clock, STEP, instance, ACCURACY, sinks);
	}

	private HistoryQueryEngine engine(MemoryMetricsStorage storage) {
		return new HistoryQueryEngine(storage, this.clock, STEP, "a", 100_000, 1_000);
	}

	private void step(HistoryRecorder... recorders) {
		this.clock.add(STEP);
		for (HistoryRecorder recorder : recorders) {
			assertThat(recorder.recordStep()).isNotNull();
		}
	}

	private static SimpleMeterRegistry simpleRegistry(MockClock clock) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		registry.config().meterFilter(new HistoryHistogramFilter());
		return registry;
	}

	/**
	 * The largest relative error of a value represented by its bucket's harmonic mean,
	 * over the buckets that hold data.
	 */
	private static double bucketError(Timer timer, double low, double high) {
		CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
		double error = 0;
		for (int i = 1; i < buckets.length; i++) {
			double lo = buckets[i - 1].bucket(TimeUnit.SECONDS);
			double hi = buckets[i].bucket(TimeUnit.SECONDS);
			if (hi >= low && lo <= high) {
				error = Math.max(error, (hi - lo) / (hi + lo));
			}
		}
		return error;
	}

	@Test
	void percentilesFromHistoryAreWithinTheBucketLayoutAndSketchErrorOfTheExactPercentiles() {
		SimpleMeterRegistry registry = simpleRegistry(this.clock);
		MemoryMetricsStorage storage = storage(Retention.DEFAULT);
		MemoryMetricsStorage tenOnly = storage(TEN_ONLY);
		HistoryRecorder recorder = recorder(registry, "a", List.of(storage::write, tenOnly::write));
		Timer timer = Timer.builder("http.server.requests").tag("uri", "/orders").register(registry);
		Random random = new Random(42);
		List<double[]> steps = new ArrayList<>();
		for (int s = 0; s < 60; s++) {
			double[] step = new double[500];
			for (int i = 0; i < step.length; i++) {
				double seconds = 0.005 * Math.exp(random.nextGaussian() * 0.8 + (s % 6) * 0.2);
				long nanos = (long) (seconds * 1e9);
				timer.record(nanos, TimeUnit.NANOSECONDS);
				step[i] = nanos / 1e9;
			}
			steps.add(step);
			step(recorder);
		}
		double[] values = steps.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
		double bucketError = bucketError(timer, values[0], values[values.length - 1]);
		assertThat(bucketError).as("Micrometer's percentile histogram layout").isLessThan(0.15);
		double bound = (1 + bucketError) * (1 + ACCURACY) - 1;
		// ten minutes of 30,000 events, from the ten-minute rollup
		AggregatedMetrics answer = engine(tenOnly).apply(MetricsQuery.of("http.server.requests")
			.withRange(this.start, this.start.plus(Duration.ofMinutes(10)))
			.withStep(Duration.ofMinutes(10))
			.withStatistics("count", "p50", "p95", "p99", "p99.9", "max", "mean", "sum"));
		assertThat(answer.error()).isNull();
		assertThat(answer.rollup()).isEqualTo("10m");
		assertThat(answer.series()).hasSize(1);
		Map<String, Double> point = answer.series().get(0).points().get(this.start);
		assertThat(point.get("count")).isEqualTo(values.length);
		assertPercentiles(point, values, bound);
		double sum = Arrays.stream(values).sum();
		assertThat(point.get("sum")).isCloseTo(sum, within(sum * 1e-6));
		assertThat(point.get("mean")).isCloseTo(sum / values.length, within(sum / values.length * 1e-6));
		assertThat(point.get("max")).isCloseTo(values[values.length - 1], within(1e-6));
		// each raw step on its own
		AggregatedMetrics raw = engine(storage).apply(MetricsQuery.of("http.server.requests")
			.withRange(this.start, this.start.plus(Duration.ofMinutes(10)))
			.withStep(STEP)
			.withStatistics("count", "p50", "p95", "p99"));
		assertThat(raw.rollup()).isEqualTo("raw");
		for (int s = 0; s < 60; s++) {
			double[] step = steps.get(s).clone();
			Arrays.sort(step);
			Map<String, Double> stepPoint = raw.series().get(0).points().get(this.start.plus(STEP.multipliedBy(s)));
			assertThat(stepPoint.get("count")).isEqualTo(500);
			assertPercentiles(stepPoint, step, bound);
		}
	}

	private static void assertPercentiles(Map<String, Double> point, double[] sorted, double bound) {
		for (String p : point.keySet()) {
			if (p.startsWith("p")) {
				double q = Double.parseDouble(p.substring(1)) / 100;
				double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
				assertThat(point.get(p)).as(p).isCloseTo(exact, within(exact * bound));
			}
		}
	}

	@Test
	void prometheusRegistryBucketsGiveTheSamePercentiles() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
				new PrometheusRegistry(), this.clock);
		registry.config().meterFilter(new HistoryHistogramFilter());
		MemoryMetricsStorage storage = storage(Retention.DEFAULT);
		HistoryRecorder recorder = recorder(registry, "a", List.of(storage::write));
		Timer timer = Timer.builder("work").register(registry);
		double[] values = new double[6_000];
		for (int i = 0; i < values.length; i++) {
			values[i] = 0.002 + (i % 1000) * 0.002;
			timer.record(Duration.ofNanos((long) (values[i] * 1e9)));
			if (i % 1000 == 999) {
				step(recorder);
			}
		}
		Arrays.sort(values);
		double bound = (1 + bucketError(timer, values[0], values[values.length - 1])) * (1 + ACCURACY) - 1;
		AggregatedMetrics answer = engine(storage).apply(MetricsQuery.of("work")
			.withRange(this.start, this.start.plus(Duration.ofMinutes(1)))
			.withStep(Duration.ofMinutes(1))
			.withStatistics("p50", "p90", "p99", "count", "rate"));
		Map<String, Double> point = answer.series().get(0).points().get(this.start);
		for (String p : List.of("p50", "p90", "p99")) {
			double q = Double.parseDouble(p.substring(1)) / 100;
			double exact = values[(int) Math.floor(q * (values.length - 1))];
			assertThat(point.get(p)).as(p).isCloseTo(exact, within(exact * bound));
		}
		assertThat(point.get("count")).isEqualTo(6000.0);
		assertThat(point.get("rate")).isEqualTo(100.0);
	}

	@Test
	void countsAndRatesAreExactPerStepAndOverRollups() {
		SimpleMeterRegistry registry = simpleRegistry(this.clock);
		MemoryMetricsStorage storage = storage(Retention.DEFAULT);
		MemoryMetricsStorage tenOnly = storage(TEN_ONLY);
		HistoryRecorder recorder = recorder(registry, "a", List.of(storage::write, tenOnly::write));
		Counter counter = Counter.builder("orders.placed").register(registry);
		long total = 0;
		for (int s = 0; s < 120; s++) {
			counter.increment(s);
			total += s;
			step(recorder);
		}
		HistoryQueryEngine engine = engine(storage);
		AggregatedMetrics raw = engine.apply(MetricsQuery.of("orders.placed")
			.withRange(this.start, this.start.plus(Duration.ofMinutes(20)))
			.withStep(STEP)
			.withStatistics("count", "rate", "value", "sum"));
		assertThat(raw.rollup()).isEqualTo("raw");
		assertThat(raw.series().get(0).points()).hasSize(120);
		for (int s = 0; s < 120; s++) {
			Map<String, Double> point = raw.series().get(0).points().get(this.start.plus(STEP.multipliedBy(s)));
			assertThat(point).containsEntry("count", (double) s)
				.containsEntry("value", (double) s)
				.containsEntry("sum", (double) s)
				.containsEntry("rate", s / 10.0);
		}
		AggregatedMetrics tenMinutes = engine(tenOnly).apply(MetricsQuery.of("orders.placed")
			.withRange(this.start, this.start.plus(Duration.ofMinutes(20)))
			.withStep(Duration.ofMinutes(10))
			.withStatistics("count", "rate"));
		assertThat(tenMinutes.rollup()).isEqualTo("10m");
		assertThat(tenMinutes.series().get(0).points().get(this.start)).containsEntry("count", (double) (59 * 60 / 2))
			.containsEntry("rate", (59 * 60 / 2) / 600.0);
		double sum = tenMinutes.series().get(0).points().values().stream().mapToDouble((p) -> p.get("count")).sum();
		assertThat(sum).isEqualTo(total);
	}

	@Test
	void rolledUpAnswersEqualRawAnswersOverTheSameRange() {
		SimpleMeterRegistry registry = simpleRegistry(this.clock);
		Duration none = Duration.ZERO;
		Duration day = Duration.ofDays(1);
		MemoryMetricsStorage all = storage(new Retention(none, none, day));
		MemoryMetricsStorage minuteAndRaw = storage(new Retention(none, day, none));
		MemoryMetricsStorage rawOnly = storage(new Retention(day, none, none));
		HistoryRecorder recorder = recorder(registry, "a",
				List.of(all::write, minuteAndRaw::write, rawOnly::write));
		Timer timer = Timer.builder("job").tag("kind", "x").register(registry);
		Timer other = Timer.builder("job").tag("kind", "y").register(registry);
		Counter counter = Counter.builder("events").register(registry);
		double[] queue = { 0 };
		registry.gauge("queue", List.of(), queue, (v) -> v[0]);
		Random random = new Random(1);
		for (int s = 0; s < 180; s++) {
			for (int i = 0; i < 50; i++) {
				timer.record(Duration.ofMillis(1 + random.nextInt(2000)));
				other.record(Duration.ofMillis(1 + random.nextInt(50)));
			}
			counter.increment(random.nextInt(100));
			queue[0] = random.nextInt(1000);
			step(recorder);
		}
		MetricsQuery query = MetricsQuery.of("job")
			.withRange(this.start, this.start.plus(Duration.ofMinutes(30)))
			.withStep(Duration.ofMinutes(10))
			.withGroupBy("service")
			.withStatistics("count", "sum", "rate", "mean", "max", "min", "p50", "p90", "p99", "value");
		AggregatedMetrics fromTen = engine(all).apply(query);
		AggregatedMetrics fromMinute = engine(minuteAndRaw).apply(query);
		AggregatedMetrics fromRaw = engine(rawOnly).apply(query);
		assertThat(fromTen.rollup()).isEqualTo("10m");
		assertThat(fromMinute.rollup()).isEqualTo("1m");
		assertThat(fromRaw.rollup()).isEqualTo("raw");
		assertThat(fromTen.series()).hasSize(1);
		assertThat(fromTen.series().get(0).points()).hasSize(3);
		assertSame(fromTen, fromRaw);
		assertSame(fromMinute, fromRaw);
		MetricsQuery counts = query.withName("events");
		assertSame(engine(all).apply(counts), engine(rawOnly).apply(counts));
		MetricsQuery gauges = query.withName("queue").withStatistics("value", "min", "max", "mean", "count", "sum");
		assertSame(engine(all).apply(gauges), engine(rawOnly).apply(gauges));
		assertThat(engine(all).apply(gauges).series().get(0).points()).hasSize(3);
	}

	private static void assertSame(AggregatedMetrics rolled, AggregatedMetrics raw) {
		assertThat(rolled.series()).hasSameSizeAs(raw.series());
		for (int i = 0; i < raw.series().size(); i++) {
			var expected = raw.series().get(i).points();
			var actual = rolled.series().get(i).points();
			assertThat(actual.keySet()).isEqualTo(expected.keySet());
			for (var entry : expected.entrySet()) {
				Map<String, Double> got = actual.get(entry.getKey());
				entry.getValue().forEach((statistic, value) -> assertThat(got.get(statistic))
					.as(statistic + " at " + entry.getKey())
					.isCloseTo(value, within(Math.abs(value) * 1e-9)));
				assertThat(got.keySet()).isEqualTo(entry.getValue().keySet());
			}
		}
	}

}
