package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.core.instrument.DistributionSummary;
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
 * Distribution summaries: {@code collector.histogram(name, 42.0, tags)} beside a held
 * {@code DistributionSummary.record(42.0)} and beside
 * {@code registry.summary(name, "k", "v").record(42.0)}, on one
 * {@code PrometheusMeterRegistry}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class HistogramBenchmark {

	String facadeName = "bench.facade.summary";

	String micrometerName = "bench.micrometer.summary";

	String tagKey = "k";

	String tagValue = "v";

	Map<String, ?> tags = Map.of("k", "v");

	double value = 42.0;

	PrometheusMeterRegistry registry;

	DefaultMetricsCollector collector;

	DistributionSummary held;

	@Setup(Level.Trial)
	public void setUp() {
		this.registry = Fixtures.registry();
		this.collector = Fixtures.collector(this.registry);
		this.collector.histogram(this.facadeName, this.value, this.tags);
		this.registry.summary(this.micrometerName, this.tagKey, this.tagValue).record(this.value);
		this.held = this.registry.summary("bench.micrometer.held.summary", this.tagKey, this.tagValue);
	}

	@TearDown(Level.Trial)
	public void check() {
		Fixtures.assertNothingRejected(this.collector);
		this.registry.close();
	}

	@Benchmark
	public void facadeHistogram() {
		this.collector.histogram(this.facadeName, this.value, this.tags);
	}

	@Benchmark
	public void micrometerHeldRecord() {
		this.held.record(this.value);
	}

	@Benchmark
	public void micrometerLookupRecord() {
		this.registry.summary(this.micrometerName, this.tagKey, this.tagValue).record(this.value);
	}

}
