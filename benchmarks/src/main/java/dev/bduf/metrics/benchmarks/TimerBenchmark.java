package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timers: {@code collector.timing(name, 42, MILLISECONDS, tags)} beside a held
 * {@code Timer.record(42, MILLISECONDS)} and beside
 * {@code registry.timer(name, "k", "v").record(...)}, on one
 * {@code PrometheusMeterRegistry}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class TimerBenchmark {

	String facadeName = "bench.facade.timer";

	String micrometerName = "bench.micrometer.timer";

	String tagKey = "k";

	String tagValue = "v";

	Map<String, ?> tags = Map.of("k", "v");

	long amount = 42;

	PrometheusMeterRegistry registry;

	DefaultMetricsCollector collector;

	Timer held;

	@Setup(Level.Trial)
	public void setUp() {
		this.registry = Fixtures.registry();
		this.collector = Fixtures.collector(this.registry);
		this.collector.timing(this.facadeName, this.amount, TimeUnit.MILLISECONDS, this.tags);
		this.registry.timer(this.micrometerName, this.tagKey, this.tagValue).record(this.amount, TimeUnit.MILLISECONDS);
		this.held = this.registry.timer("bench.micrometer.held.timer", this.tagKey, this.tagValue);
	}

	@TearDown(Level.Trial)
	public void check() {
		Fixtures.assertNothingRejected(this.collector);
		this.registry.close();
	}

	@Benchmark
	public void facadeTiming() {
		this.collector.timing(this.facadeName, this.amount, TimeUnit.MILLISECONDS, this.tags);
	}

	@Benchmark
	public void micrometerHeldRecord() {
		this.held.record(this.amount, TimeUnit.MILLISECONDS);
	}

	@Benchmark
	public void micrometerLookupRecord() {
		this.registry.timer(this.micrometerName, this.tagKey, this.tagValue).record(this.amount, TimeUnit.MILLISECONDS);
	}

}
