package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricsCollector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
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
 * Timers, inside the Boot application ({@link BenchApplication}), over 8 series picked in
 * turn: {@code collector.timing(name, 5, MILLISECONDS, tags)} with the tag map built in
 * the call ({@code facadeTimingPerCallMap}) and built once ({@code facadeTimingPrebuiltMap})
 * beside a held {@code Timer.record(5, MILLISECONDS)} ({@code micrometerHeldRecord}) and,
 * for information, {@code registry.timer(name, Tags.of(...)).record(...)}
 * ({@code micrometerLookupRecord}). The amount alternates between 5 and 6 ms on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class TimerBenchmark {

	String facadeName = "bench.facade.timer";

	String micrometerName = "bench.micrometer.timer";

	long amount = 5;

	BenchApplication.Context app;

	MetricsCollector collector;

	MeterRegistry registry;

	Map<String, ?>[] prebuilt;

	Timer[] held;

	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void setUp() {
		this.app = BenchApplication.start();
		this.collector = this.app.collector;
		this.registry = this.app.registry;
		this.prebuilt = new Map[Fixtures.SERIES];
		this.held = new Timer[Fixtures.SERIES];
		for (int i = 0; i < Fixtures.SERIES; i++) {
			this.prebuilt[i] = Fixtures.tags(i);
			this.collector.timing(this.facadeName, this.amount, TimeUnit.MILLISECONDS, this.prebuilt[i]);
			this.registry.timer(this.micrometerName, Fixtures.micrometerTags(i))
				.record(this.amount, TimeUnit.MILLISECONDS);
			this.held[i] = this.registry.timer("bench.micrometer.held.timer", Fixtures.micrometerTags(i));
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
	public void facadeTimingPerCallMap(Cursor cursor) {
		int i = cursor.next();
		this.collector.timing(this.facadeName, this.amount + (i & 1), TimeUnit.MILLISECONDS,
				Map.of("region", cursor.region(i), "plan", cursor.plan(i)));
	}

	@Benchmark
	public void facadeTimingPrebuiltMap(Cursor cursor) {
		int i = cursor.next();
		this.collector.timing(this.facadeName, this.amount + (i & 1), TimeUnit.MILLISECONDS, this.prebuilt[i]);
	}

	@Benchmark
	public void micrometerHeldRecord(Cursor cursor) {
		int i = cursor.next();
		this.held[i].record(this.amount + (i & 1), TimeUnit.MILLISECONDS);
	}

	@Benchmark
	public void micrometerLookupRecord(Cursor cursor) {
		int i = cursor.next();
		this.registry.timer(this.micrometerName, Tags.of("region", cursor.region(i), "plan", cursor.plan(i)))
			.record(this.amount + (i & 1), TimeUnit.MILLISECONDS);
	}

}
