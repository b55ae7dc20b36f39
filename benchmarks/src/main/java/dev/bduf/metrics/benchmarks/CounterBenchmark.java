package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.BoundCounter;
import dev.bduf.metrics.MetricsCollector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
 * Counters, inside the Boot application ({@link BenchApplication}), over 8 series (4
 * regions x 2 plans) picked in turn:
 * <ul>
 * <li>{@code facadeIncrementPerCallMap} vs {@code micrometerLookupIncrement}: the tags
 * built in the call, as users write it ({@code collector.increment(name, 1,
 * Map.of("region", region, "plan", plan))} vs {@code registry.counter(name,
 * Tags.of("region", region, "plan", plan)).increment()}).</li>
 * <li>{@code facadeIncrementPrebuiltMap} vs {@code micrometerHeldIncrement}: a tag map
 * built once vs a {@code Counter} held by the caller.</li>
 * <li>{@code facadeBoundIncrement}: a {@code BoundCounter} held by the caller, for
 * information beside the held {@code Counter}.</li>
 * </ul>
 * The state is shared by all threads, so with 2 threads both hit the same series, as two
 * request threads of one application do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class CounterBenchmark {

	// Non-final fields: the JIT must not fold names or amounts into constants.
	String facadeName = "bench.facade.counter";

	String micrometerName = "bench.micrometer.counter";

	double amount = 1;

	BenchApplication.Context app;

	MetricsCollector collector;

	MeterRegistry registry;

	Map<String, ?>[] prebuilt;

	Counter[] held;

	BoundCounter[] bound;

	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void setUp() {
		this.app = BenchApplication.start();
		this.collector = this.app.collector;
		this.registry = this.app.registry;
		this.prebuilt = new Map[Fixtures.SERIES];
		this.held = new Counter[Fixtures.SERIES];
		this.bound = new BoundCounter[Fixtures.SERIES];
		// Register every series first: the benchmarks measure the steady state.
		for (int i = 0; i < Fixtures.SERIES; i++) {
			this.prebuilt[i] = Fixtures.tags(i);
			this.collector.increment(this.facadeName, 1, this.prebuilt[i]);
			this.registry.counter(this.micrometerName, Fixtures.micrometerTags(i)).increment();
			this.held[i] = this.registry.counter("bench.micrometer.held.counter", Fixtures.micrometerTags(i));
			this.bound[i] = this.collector.counter("bench.facade.bound.counter", this.prebuilt[i]);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		try {
			Fixtures.assertNothingRejected(this.collector);
		}
		finally {
			this.app.close();
		}
	}

	@Benchmark
	public void facadeIncrementPerCallMap(Cursor cursor) {
		int i = cursor.next();
		this.collector.increment(this.facadeName, this.amount,
				Map.of("region", cursor.region(i), "plan", cursor.plan(i)));
	}

	@Benchmark
	public void micrometerLookupIncrement(Cursor cursor) {
		int i = cursor.next();
		this.registry.counter(this.micrometerName, Tags.of("region", cursor.region(i), "plan", cursor.plan(i)))
			.increment(this.amount);
	}

	@Benchmark
	public void facadeIncrementPrebuiltMap(Cursor cursor) {
		this.collector.increment(this.facadeName, this.amount, this.prebuilt[cursor.next()]);
	}

	@Benchmark
	public void micrometerHeldIncrement(Cursor cursor) {
		this.held[cursor.next()].increment(this.amount);
	}

	@Benchmark
	public void facadeBoundIncrement(Cursor cursor) {
		this.bound[cursor.next()].increment(this.amount);
	}

}
