package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.BoundCounter;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.core.instrument.Counter;
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
 * Counters: the facade beside plain Micrometer on one {@code PrometheusMeterRegistry}.
 * <ul>
 * <li>{@code facadeIncrement} vs {@code micrometerLookupIncrement}: a call that names
 * its series every time ({@code collector.increment(name, 1, tags)} vs
 * {@code registry.counter(name, "k", "v").increment()}).</li>
 * <li>{@code facadeBoundIncrement} vs {@code micrometerHeldIncrement}: a counter held by
 * the caller ({@code BoundCounter.increment()} vs {@code Counter.increment()}).</li>
 * </ul>
 * The state is shared by all threads, so with 2 threads both hit the same series, as two
 * request threads of one application do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class CounterBenchmark {

	// Non-final fields: the JIT must not fold names or tags into constants.
	String facadeName = "bench.facade.counter";

	String micrometerName = "bench.micrometer.counter";

	String tagKey = "k";

	String tagValue = "v";

	Map<String, ?> tags = Map.of("k", "v");

	PrometheusMeterRegistry registry;

	DefaultMetricsCollector collector;

	BoundCounter bound;

	Counter held;

	@Setup(Level.Trial)
	public void setUp() {
		this.registry = Fixtures.registry();
		this.collector = Fixtures.collector(this.registry);
		// Register every series first: the benchmarks measure the steady state.
		this.collector.increment(this.facadeName, 1, this.tags);
		this.registry.counter(this.micrometerName, this.tagKey, this.tagValue).increment();
		this.bound = this.collector.counter("bench.facade.bound", this.tags);
		this.held = this.registry.counter("bench.micrometer.held", this.tagKey, this.tagValue);
	}

	@TearDown(Level.Trial)
	public void check() {
		// One benchmark method runs per trial: only the facade's own stats are checked.
		Fixtures.assertNothingRejected(this.collector);
		this.registry.close();
	}

	@Benchmark
	public void facadeIncrement() {
		this.collector.increment(this.facadeName, 1, this.tags);
	}

	@Benchmark
	public void micrometerLookupIncrement() {
		this.registry.counter(this.micrometerName, this.tagKey, this.tagValue).increment();
	}

	@Benchmark
	public void facadeBoundIncrement() {
		this.bound.increment();
	}

	@Benchmark
	public void micrometerHeldIncrement() {
		this.held.increment();
	}

}
