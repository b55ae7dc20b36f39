package dev.bduf.metrics.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tags;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a Prometheus scrape ({@code PrometheusMeterRegistry.scrape()}, what
 * {@code /actuator/prometheus} serves) of 10,000 series recorded through the facade, vs
 * 10,000 series recorded straight into Micrometer, each in its own Boot application
 * ({@link BenchApplication}), so each scrape holds one set plus Boot's own JVM and process
 * meters (about a hundred series, the same in both).
 * <p>
 * The series are 10 names ({@code bench.scrape.0} to {@code .9}) of 1,000 series each (so
 * the facade's default limit of 1,000 series per name is not hit), each with the same four
 * tags: {@code region} (10 values), {@code plan} (10), {@code tier} (5) and {@code zone}
 * (2). The Micrometer series also get the tags the facade adds to its own (our default
 * tags), so both scrapes expose the same series with the same labels and values. The
 * {@code kind} parameter records counters or timers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class ScrapeBenchmark {

	static final int NAMES = 10;

	static final int SERIES_PER_NAME = 1000;

	@Param({ "counter", "timer" })
	String kind;

	BenchApplication.Context facade;

	BenchApplication.Context micrometer;

	@Setup(Level.Trial)
	public void setUp() {
		this.facade = BenchApplication.start();
		this.micrometer = BenchApplication.start();
		// The probe meter exists in both applications, so both scrapes hold it.
		Fixtures.defaultTags(this.facade.collector, this.facade.registry);
		Tags defaults = Fixtures.defaultTags(this.micrometer.collector, this.micrometer.registry);
		boolean timer = "timer".equals(this.kind);
		for (int n = 0; n < NAMES; n++) {
			String name = "bench.scrape." + n;
			for (int s = 0; s < SERIES_PER_NAME; s++) {
				String region = "r" + (s % 10);
				String plan = "p" + (s / 10 % 10);
				String tier = "t" + (s / 100 % 5);
				String zone = "z" + (s / 500);
				Map<String, ?> tags = Map.of("region", region, "plan", plan, "tier", tier, "zone", zone);
				Tags micrometerTags = defaults.and("region", region, "plan", plan, "tier", tier, "zone", zone);
				if (timer) {
					this.facade.collector.timing(name, 5 + s % 7, TimeUnit.MILLISECONDS, tags);
					this.micrometer.registry.timer(name, micrometerTags).record(5 + s % 7, TimeUnit.MILLISECONDS);
				}
				else {
					this.facade.collector.increment(name, 1 + s % 7, tags);
					this.micrometer.registry.counter(name, micrometerTags).increment(1 + s % 7);
				}
			}
		}
		Fixtures.assertNothingRejected(this.facade.collector);
		long facadeSeries = this.facade.registry.find("bench.scrape.0").meters().size();
		long micrometerSeries = this.micrometer.registry.find("bench.scrape.0").meters().size();
		if (facadeSeries != SERIES_PER_NAME || micrometerSeries != SERIES_PER_NAME) {
			throw new IllegalStateException("Expected " + SERIES_PER_NAME + " series per name, facade has "
					+ facadeSeries + ", Micrometer " + micrometerSeries);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		try {
			this.facade.close();
		}
		finally {
			this.micrometer.close();
		}
	}

	@Benchmark
	public String facadeScrape() {
		return this.facade.registry.scrape();
	}

	@Benchmark
	public String micrometerScrape() {
		return this.micrometer.registry.scrape();
	}

}
