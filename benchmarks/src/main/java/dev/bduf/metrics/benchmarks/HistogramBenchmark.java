package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricsCollector;
import io.micrometer.core.instrument.DistributionSummary;
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
 * Distribution summaries, inside the Boot application ({@link BenchApplication}), over 8
 * series picked in turn: {@code collector.histogram(name, 42.0, tags)} with the tag map
 * built in the call ({@code facadeHistogramPerCallMap}) and built once
 * ({@code facadeHistogramPrebuiltMap}) beside a held {@code DistributionSummary.record(42.0)}
 * ({@code micrometerHeldRecord}) and, for information,
 * {@code registry.summary(name, Tags.of(...)).record(42.0)} ({@code micrometerLookupRecord}).
 * The value alternates between 42 and 43 on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class HistogramBenchmark {

	String facadeName = "bench.facade.summary";

	String micrometerName = "bench.micrometer.summary";

	double value = 42.0;

	BenchApplication.Context app;

	MetricsCollector collector;

	MeterRegistry registry;

	Map<String, ?>[] prebuilt;

	DistributionSummary[] held;

	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void setUp() {
		this.app = BenchApplication.start();
		this.collector = this.app.collector;
		this.registry = this.app.registry;
		this.prebuilt = new Map[Fixtures.SERIES];
		this.held = new DistributionSummary[Fixtures.SERIES];
		for (int i = 0; i < Fixtures.SERIES; i++) {
			this.prebuilt[i] = Fixtures.tags(i);
			this.collector.histogram(this.facadeName, this.value, this.prebuilt[i]);
			this.registry.summary(this.micrometerName, Fixtures.micrometerTags(i)).record(this.value);
			this.held[i] = this.registry.summary("bench.micrometer.held.summary", Fixtures.micrometerTags(i));
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
	public void facadeHistogramPerCallMap(Cursor cursor) {
		int i = cursor.next();
		this.collector.histogram(this.facadeName, this.value + (i & 1),
				Map.of("region", cursor.region(i), "plan", cursor.plan(i)));
	}

	@Benchmark
	public void facadeHistogramPrebuiltMap(Cursor cursor) {
		int i = cursor.next();
		this.collector.histogram(this.facadeName, this.value + (i & 1), this.prebuilt[i]);
	}

	@Benchmark
	public void micrometerHeldRecord(Cursor cursor) {
		int i = cursor.next();
		this.held[i].record(this.value + (i & 1));
	}

	@Benchmark
	public void micrometerLookupRecord(Cursor cursor) {
		int i = cursor.next();
		this.registry.summary(this.micrometerName, Tags.of("region", cursor.region(i), "plan", cursor.plan(i)))
			.record(this.value + (i & 1));
	}

}
