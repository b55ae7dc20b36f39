package dev.bduf.metrics.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.HistoryHistogramFilter;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the metric history off the caller's path.
 * <ul>
 * <li>{@code snapshot10kSeries}: one recorder step over 10,000 series of a Prometheus
 * registry (5,000 counters and 5,000 timers with the history bucket layout, every one
 * recorded into since the previous step), into the memory storage, rollups
 * included.</li>
 * <li>{@code query24hOver1000Series}: a 24-hour query at a ten-minute step over 1,000
 * timer series merged into one (rate and p99), from ten-minute rollups with the newest
 * ten minutes from one-minute rollups and raw steps, asked again (as a dashboard does: the
 * merged completed ten-minute steps are reused until the next ten-minute rollup is
 * written). Target: under 50 ms.</li>
 * <li>{@code query24hOver1000SeriesCold}: the same query from a new engine each time,
 * which merges every stored point (the first query after a rollup is written).</li>
 * <li>{@code timerRecordPlain} and {@code timerRecordWithHistoryBuckets}: the hot-path
 * cost of the bucket layout {@link HistoryHistogramFilter} gives a timer, one
 * {@code Timer.record} on a held Prometheus timer without and with it.</li>
 * </ul>
 * Usage: {@code java -cp benchmarks.jar org.openjdk.jmh.Main HistoryBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class HistoryBenchmark {

	private static final Duration STEP = Duration.ofSeconds(10);

	/**
	 * A registry of 10,000 series and its recorder.
	 */
	@State(Scope.Benchmark)
	public static class Snapshot {

		final MockClock clock = new MockClock();

		final List<Counter> counters = new ArrayList<>();

		final List<Timer> timers = new ArrayList<>();

		HistoryRecorder recorder;

		@Setup
		public void setUp() {
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
					new PrometheusRegistry(), this.clock);
			registry.config().meterFilter(new HistoryHistogramFilter());
			for (int i = 0; i < 5_000; i++) {
				this.counters.add(Counter.builder("orders").tag("id", Integer.toString(i)).register(registry));
				this.timers.add(Timer.builder("requests").tag("id", Integer.toString(i)).register(registry));
			}
			MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
			this.recorder = new HistoryRecorder(registry, this.clock, STEP, "bench", 0.01, List.of(storage::write));
		}

		@Setup(Level.Invocation)
		public void record() {
			for (int i = 0; i < this.counters.size(); i++) {
				this.counters.get(i).increment();
				this.timers.get(i).record(1 + (i % 500), TimeUnit.MILLISECONDS);
			}
			this.clock.add(STEP);
		}

	}

	/**
	 * 24 hours of 1,000 timer series in the memory storage.
	 */
	@State(Scope.Benchmark)
	public static class Query {

		final MockClock clock = new MockClock();

		HistoryQueryEngine engine;

		MemoryMetricsStorage storage;

		MetricsQuery query;

		@Setup
		public void setUp() {
			long start = (this.clock.wallTime() / 600_000 + 1) * 600_000;
			MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
			this.storage = storage;
			Random random = new Random(1);
			List<Map<String, String>> tags = new ArrayList<>();
			for (int i = 0; i < 1_000; i++) {
				tags.add(Map.of("service", "shop", "uri", "/u" + i));
			}
			Duration day = Duration.ofDays(1);
			for (Resolution resolution : List.of(Resolution.TEN_MINUTES, Resolution.MINUTE, Resolution.RAW)) {
				Duration step = resolution.step(STEP);
				long steps = (resolution == Resolution.RAW) ? 360 : day.toMillis() / step.toMillis();
				long first = start + day.toMillis() - steps * step.toMillis();
				for (long s = 0; s < steps; s++) {
					List<SeriesPoint> points = new ArrayList<>(tags.size());
					for (Map<String, String> series : tags) {
						DDSketch sketch = Sketch.newDDSketch(0.01);
						for (int b = 0; b < 20; b++) {
							sketch.accept(0.001 * Math.exp(random.nextGaussian()), 1 + random.nextInt(5));
						}
						points.add(SeriesPoint.distribution("requests", MeterKind.TIMER, "seconds", series,
								(long) sketch.getCount(), sketch.getSum(), sketch.getMaxValue(), Sketch.of(sketch)));
					}
					storage.write(new StepSnapshot(Instant.ofEpochMilli(first + s * step.toMillis()), step,
							resolution, "bench", points));
				}
			}
			this.clock.add(start + day.toMillis() + 5_000 - this.clock.wallTime(), TimeUnit.MILLISECONDS);
			this.engine = new HistoryQueryEngine(storage, this.clock, STEP, "bench", 50_000, 1_000);
			this.query = MetricsQuery.of("requests")
				.withRange(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + day.toMillis()))
				.withStep(Duration.ofMinutes(10))
				.withStatistics("rate", "p99")
				.withGroupBy("service");
			AggregatedMetrics check = this.engine.apply(this.query);
			if (check.error() != null || check.truncated() || check.series().size() != 1) {
				throw new IllegalStateException("Unexpected answer: " + check.error() + " truncated="
						+ check.truncated() + " rollup=" + check.rollup());
			}
		}

	}

	/**
	 * Two held timers of a Prometheus registry, without and with the history buckets.
	 */
	@State(Scope.Benchmark)
	public static class Record {

		Timer plain;

		Timer withBuckets;

		long nanos;

		@Setup
		public void setUp() {
			PrometheusMeterRegistry plainRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			this.plain = Timer.builder("requests").register(plainRegistry);
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			registry.config().meterFilter(new HistoryHistogramFilter());
			this.withBuckets = Timer.builder("requests").register(registry);
		}

	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public void timerRecordPlain(Record state) {
		state.nanos = (state.nanos + 7_919_993) % 2_000_000_000L;
		state.plain.record(state.nanos, TimeUnit.NANOSECONDS);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public void timerRecordWithHistoryBuckets(Record state) {
		state.nanos = (state.nanos + 7_919_993) % 2_000_000_000L;
		state.withBuckets.record(state.nanos, TimeUnit.NANOSECONDS);
	}

	@Benchmark
	public StepSnapshot snapshot10kSeries(Snapshot state) {
		return state.recorder.recordStep();
	}

	@Benchmark
	public AggregatedMetrics query24hOver1000Series(Query state) {
		return state.engine.apply(state.query);
	}

	@Benchmark
	public AggregatedMetrics query24hOver1000SeriesCold(Query state) {
		return new HistoryQueryEngine(state.storage, state.clock, STEP, "bench", 50_000, 1_000).apply(state.query);
	}

}
