package dev.bduf.metrics.benchmarks;

import java.util.concurrent.TimeUnit;

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
 * The cost of timing one method call, inside the Boot application
 * ({@link BenchApplication}): a {@code @Tracked} bean as the auto-configuration proxies it,
 * a {@code @Timed} bean proxied for Micrometer's {@code TimedAspect}, and the same method on
 * a bean without annotations (not proxied). The overhead of each is its time minus
 * {@code unproxied}; {@link Compare} reports the ratio of the two overheads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class TrackedBenchmark {

	BenchApplication.Context app;

	BenchApplication.TrackedWork tracked;

	BenchApplication.TimedWork timed;

	BenchApplication.PlainWork plain;

	@Setup(Level.Trial)
	public void setUp() {
		this.app = BenchApplication.start();
		this.tracked = this.app.tracked;
		this.timed = this.app.timed;
		this.plain = this.app.plain;
		// Register the meters first: the benchmarks measure the steady state.
		this.tracked.work(1);
		this.timed.work(1);
		if (this.app.registry.find("method.tracked").timer() == null
				|| this.app.registry.find("method.timed").timer() == null) {
			throw new IllegalStateException("@Tracked or @Timed did not record a timer");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.app.close();
	}

	@Benchmark
	public int unproxied(Cursor cursor) {
		return this.plain.work(cursor.n++);
	}

	@Benchmark
	public int tracked(Cursor cursor) {
		return this.tracked.work(cursor.n++);
	}

	@Benchmark
	public int timed(Cursor cursor) {
		return this.timed.work(cursor.n++);
	}

}
