package dev.bduf.metrics.tracking;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.bduf.metrics.PerformanceMeasurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PerformanceTrackerTests {

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final MethodTracker methodTracker = new MethodTracker(this.registry,
			new TrackingSettings(Duration.ofMinutes(1), false, 20, true), null, List.of(), null);

	private final PerformanceTracker tracker = new DefaultPerformanceTracker(this.methodTracker);

	private final TrackingOptions options = TrackingOptions.builder().name("jobs").build();

	private Timer timer(String method, String outcome) {
		return this.registry.find("jobs").tags("class", "function", "method", method, "outcome", outcome).timer();
	}

	@Test
	void supplierFunctionRunnableAndCallableWrappersRecordEachCall() throws Exception {
		Supplier<String> supplier = this.tracker.trackSupplier("supply", () -> {
			this.clock.add(Duration.ofMillis(10));
			return "s";
		}, this.options);
		Function<Integer, Integer> function = this.tracker.trackFunction("double", (x) -> x * 2, this.options);
		AtomicInteger runs = new AtomicInteger();
		Runnable runnable = this.tracker.trackRunnable("run", runs::incrementAndGet, this.options);
		assertThat(supplier.get()).isEqualTo("s");
		assertThat(function.apply(21)).isEqualTo(42);
		runnable.run();
		runnable.run();
		assertThat(this.tracker.trackCallable("call", () -> "c", this.options).call()).isEqualTo("c");
		assertThat(runs).hasValue(2);
		assertThat(timer("supply", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
		assertThat(timer("double", "success").count()).isEqualTo(1);
		assertThat(timer("run", "success").count()).isEqualTo(2);
		assertThat(timer("call", "success").count()).isEqualTo(1);
	}

	@Test
	void callableWrapperRecordsAndRethrowsCheckedExceptions() {
		IOException failure = new IOException("disk");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.tracker.trackCallable("read", () -> {
				throw failure;
			}, this.options).call())
			.isSameAs(failure);
		assertThat(timer("read", "error").getId().getTag("exception")).isEqualTo("IOException");
	}

	@Test
	void unsampledWrapperStillRunsTheFunctionAndIsTimed() {
		TrackingOptions never = TrackingOptions.builder().name("jobs").sampleRate(0).includeResult(true).build();
		assertThat(this.tracker.trackSupplier("quiet", () -> "q", never).get()).isEqualTo("q");
		assertThat(this.registry.find("jobs").tag("method", "quiet").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("jobs.result.size").meters()).as("extras are sampled").isEmpty();
	}

	@Test
	void asyncWrapperIsTimedToCompletion() {
		CompletableFuture<String> source = new CompletableFuture<>();
		Supplier<CompletionStage<String>> async = this.tracker.trackAsyncFunction("fetch", () -> source,
				this.options);
		CompletionStage<String> stage = async.get();
		this.clock.add(Duration.ofMillis(70));
		source.complete("page");
		assertThat(stage.toCompletableFuture().join()).isEqualTo("page");
		assertThat(timer("fetch", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(70);
	}

	@Test
	void trackClassTracksEveryPublicMethodOfAnExistingObject() {
		Inventory inventory = this.tracker.trackClass(new Inventory(), this.options);
		assertThat(inventory.count("apples")).isEqualTo(6);
		assertThat(inventory.toString()).isEqualTo("inventory");
		Timer timer = this.registry.find("jobs").tags("class", Inventory.class.getName(), "method", "count").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(this.registry.find("jobs").tag("method", "toString").timer()).isNull();
	}

	@Test
	void trackClassOfAFinalClassProxiesItsInterfaces() {
		Stock stock = this.tracker.trackClass(new FinalStock(), this.options);
		assertThat(stock.level()).isEqualTo(3);
		assertThat(this.registry.find("jobs").tags("class", FinalStock.class.getName(), "method", "level").timer()
			.count()).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.trackClass(new Sealed(), this.options))
			.withMessageContaining(Sealed.class.getName() + " is final and implements no interface");
	}

	@Test
	void sessionMeasuresDurationCpuAllocationAndGc() {
		TrackingOptions withUsage = TrackingOptions.builder().name("jobs").trackCpu(true).trackMemory(true).build();
		String id = this.tracker.startTracking("import", withUsage);
		this.clock.add(Duration.ofSeconds(3));
		byte[] data = new byte[1_000_000];
		PerformanceMeasurement measurement = this.tracker.stopTracking(id);
		assertThat(data).hasSize(1_000_000);
		assertThat(measurement.duration()).isEqualTo(Duration.ofSeconds(3));
		assertThat(measurement.gcCount()).isGreaterThanOrEqualTo(0);
		assertThat(measurement.gcTime()).isNotNull();
		assertThat(measurement.memoryDeltaBytes()).isNotNull();
		if (this.methodTracker.usage().isAllocationSupported()) {
			assertThat(measurement.allocatedBytes()).isGreaterThanOrEqualTo(1_000_000);
		}
		if (this.methodTracker.usage().isCpuTimeSupported()) {
			assertThat(measurement.cpuTime()).isNotNull();
		}
		Timer timer = this.registry.find("jobs").tags("class", "session", "method", "import").timer();
		assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(3);
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.stopTracking(id))
			.withMessageContaining("No open tracking session");
	}

	@Test
	void forgottenSessionsAreBoundedByDroppingTheOldest() {
		String oldest = this.tracker.startTracking("leak", this.options);
		for (int i = 0; i < 10_000; i++) {
			this.clock.add(Duration.ofMillis(1));
			this.tracker.startTracking("leak", this.options);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.stopTracking(oldest));
		assertThat(this.methodTracker.getFailures()).isEqualTo(1);
		assertThat(this.tracker.stopTracking("leak#2").duration()).isEqualTo(Duration.ofMillis(10_000 - 1));
	}

	@Test
	void sessionStoppedOnAnotherThreadHasNoCpuOrAllocation() {
		String id = this.tracker.startTracking("handoff", this.options);
		PerformanceMeasurement measurement = CompletableFuture.supplyAsync(() -> this.tracker.stopTracking(id)).join();
		assertThat(measurement.cpuTime()).isNull();
		assertThat(measurement.allocatedBytes()).isEqualTo(-1);
	}

	@Test
	void benchmarkReportsStatisticsOfTheMeasuredIterations() {
		AtomicInteger calls = new AtomicInteger();
		BenchmarkResult result = this.tracker.benchmark("sort", () -> {
			int call = calls.incrementAndGet();
			if (call > 5) {
				this.clock.add(Duration.ofMillis(call - 5));
			}
			return call;
		}, new BenchmarkOptions(5, 100));
		assertThat(calls).hasValue(105);
		assertThat(result.iterations()).isEqualTo(100);
		assertThat(result.min()).isEqualTo(Duration.ofMillis(1));
		assertThat(result.max()).isEqualTo(Duration.ofMillis(100));
		assertThat(result.mean()).isEqualTo(Duration.ofMillis(50).plusNanos(500_000));
		assertThat(result.p50()).isEqualTo(Duration.ofMillis(50));
		assertThat(result.p95()).isEqualTo(Duration.ofMillis(95));
		assertThat(result.p99()).isEqualTo(Duration.ofMillis(99));
		assertThat(result.standardDeviation().toNanos()).isBetween(28_860_000L, 28_870_000L);
		assertThat(result.operationsPerSecond()).isCloseTo(100 / 5.05, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void benchmarkOfAFailingFunctionSaysWhereItFailed() {
		assertThatIllegalStateException().isThrownBy(() -> this.tracker.benchmark("boom", () -> {
			throw new IOException("no");
		}, new BenchmarkOptions(0, 1))).withMessage("Benchmark 'boom' failed at iteration 0");
		assertThat(this.tracker.benchmark("instant", () -> 1, new BenchmarkOptions(0, 3)).operationsPerSecond())
			.isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> new BenchmarkOptions(0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new BenchmarkOptions(-1, 1));
		assertThat(BenchmarkOptions.defaults()).isEqualTo(new BenchmarkOptions(100, 1000));
	}

	@Test
	void reportSummarisesEachTrackedMethod() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
				new PrometheusRegistry(), this.clock);
		MethodTracker methodTracker = new MethodTracker(prometheus,
				new TrackingSettings(Duration.ofMinutes(1), false, 20, true), null, List.of(), null);
		PerformanceTracker tracker = new DefaultPerformanceTracker(methodTracker);
		TrackingOptions options = TrackingOptions.builder()
			.name("jobs")
			.threshold(Duration.ofMillis(50))
			.trackCpu(true)
			.trackMemory(true)
			.build();
		Function<Integer, Integer> work = tracker.trackFunction("work", (millis) -> {
			if (millis < 0) {
				throw new IllegalArgumentException();
			}
			this.clock.add(Duration.ofMillis(millis));
			return millis;
		}, options);
		for (int i = 1; i <= 100; i++) {
			work.apply(i);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> work.apply(-1));
		tracker.trackSupplier("other", () -> 1, this.options).get();
		PerformanceReport report = tracker.getPerformanceReport(new ReportFilter("jobs", "FUNC", "work"));
		assertThat(report.methods()).singleElement().satisfies((method) -> {
			assertThat(method.className()).isEqualTo("function");
			assertThat(method.calls()).isEqualTo(101);
			assertThat(method.sampled()).isEqualTo(101);
			assertThat(method.errors()).isEqualTo(1);
			assertThat(method.errorRate()).isEqualTo(1 / 101.0);
			assertThat(method.meanMillis()).isCloseTo(5050 / 101.0, org.assertj.core.data.Offset.offset(1e-9));
			assertThat(method.maxMillis()).isEqualTo(100);
			assertThat(method.p50Millis()).isBetween(45.0, 60.0);
			assertThat(method.p99Millis()).isBetween(95.0, 100.0);
			assertThat(method.slowCalls()).isEqualTo(50);
			if (methodTracker.usage().isCpuTimeSupported()) {
				assertThat(method.cpuMillisPerCall()).isNotNull();
			}
			if (methodTracker.usage().isAllocationSupported()) {
				assertThat(method.allocatedBytesPerCall()).isNotNull();
			}
		});
		assertThat(tracker.getPerformanceReport(ReportFilter.all()).methods())
			.extracting(PerformanceReport.MethodPerformance::method)
			.containsExactly("work", "other");
		assertThat(tracker.getPerformanceReport(new ReportFilter("nothing", null, null)).methods()).isEmpty();
	}

	@Test
	void reportUsesClientSidePercentilesWhenTheRegistryHasNoHistogram() {
		this.registry.config().meterFilter(new MeterFilter() {
			@Override
			public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				return DistributionStatisticConfig.builder().percentiles(0.5, 0.95, 0.99).build().merge(config);
			}
		});
		Runnable work = this.tracker.trackRunnable("steady", () -> this.clock.add(Duration.ofMillis(8)), this.options);
		for (int i = 0; i < 10; i++) {
			work.run();
		}
		PerformanceReport.MethodPerformance method = this.tracker.getPerformanceReport(ReportFilter.all())
			.methods()
			.get(0);
		assertThat(method.p50Millis()).isBetween(7.0, 9.0);
		assertThat(method.p99Millis()).isBetween(7.0, 9.0);
	}

	@Test
	void reportWithoutHistogramHasNoPercentilesAndCountsEveryCall() {
		MethodTracker plain = new MethodTracker(this.registry);
		DefaultPerformanceTracker tracker = new DefaultPerformanceTracker(plain);
		Runnable half = tracker.trackRunnable("half", () -> {
		}, TrackingOptions.builder().name("plain").sampleRate(0.5).build());
		for (int i = 0; i < 200; i++) {
			half.run();
		}
		PerformanceReport.MethodPerformance method = tracker.getPerformanceReport(ReportFilter.all())
			.methods()
			.get(0);
		assertThat(method.calls()).isEqualTo(200);
		assertThat(method.sampled()).as("every call is timed; sampling gates only the extras").isEqualTo(200);
		assertThat(method.p95Millis()).isNull();
		assertThat(method.cpuMillisPerCall()).isNull();
		assertThat(tracker.getMethodTracker()).isSameAs(plain);
	}

	static class Inventory {

		public int count(String item) {
			return item.length();
		}

		@Override
		public String toString() {
			return "inventory";
		}

	}

	static final class Sealed {

	}

	interface Stock {

		int level();

	}

	static final class FinalStock implements Stock {

		@Override
		public int level() {
			return 3;
		}

	}

}
