package dev.bduf.metrics.tracking;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.PerformanceMeasurement.GcActivity;
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
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

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
	void trackClassReturnsASubclassProxyCastableToTheClass() {
		Object proxy = this.tracker.trackClass(new Inventory(), this.options);
		assertThat(proxy).isInstanceOf(Inventory.class);
		assertThat(((Inventory) proxy).count("pears")).isEqualTo(5);
		assertThat(this.registry.find("jobs").tags("class", Inventory.class.getName(), "method", "count").timer()
			.count()).isEqualTo(1);
	}

	@Test
	void trackClassWithDefaultOptionsRecordsToMethodTracked() {
		Inventory inventory = this.tracker.trackClass(new Inventory());
		assertThat(inventory.count("figs")).isEqualTo(4);
		assertThat(this.registry.find("method.tracked").tags("class", Inventory.class.getName(), "method", "count")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void trackClassOfAFinalClassRefusesAndNamesTheInterfaceForm() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.trackClass(new FinalStock(), this.options))
			.withMessageContaining(FinalStock.class.getName() + " is final")
			.withMessageContaining("trackClass(object, Stock.class, options)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.trackClass(new Sealed(), this.options))
			.withMessageContaining(Sealed.class.getName() + " is final")
			.withMessageContaining("make the class non-final");
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void trackClassOfAFinalClassAsItsInterfaceIsCastableToTheInterfaceAndRecords() {
		Object proxy = this.tracker.trackClass(new FinalStock(), Stock.class, this.options);
		assertThat(proxy).isInstanceOf(Stock.class).isNotInstanceOf(FinalStock.class);
		Stock stock = (Stock) proxy;
		assertThat(stock.level()).isEqualTo(3);
		assertThat(stock.level()).isEqualTo(3);
		assertThat(stock.toString()).isEqualTo("stock");
		assertThat(this.registry.find("jobs").tags("class", FinalStock.class.getName(), "method", "level").timer()
			.count()).isEqualTo(2);
		assertThat(this.registry.find("jobs").tag("method", "toString").timer()).isNull();
	}

	@Test
	void trackClassAsAnInterfaceTheObjectDoesNotImplementRefuses() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tracker.trackClass(new Sealed(), Stock.class, this.options))
			.withMessage(Sealed.class.getName() + " does not implement " + Stock.class.getName()
					+ ": it cannot be tracked as one");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tracker.trackClass(new Inventory(), Inventory.class, this.options))
			.withMessageContaining("is not an interface");
		assertThatIllegalArgumentException().isThrownBy(() -> this.tracker.trackClass(null, this.options));
	}

	@Test
	void sessionMeasuresDurationCpuAllocationHeapBuffersAndGcPerCollector() {
		TrackingOptions withUsage = TrackingOptions.builder().name("jobs").trackCpu(true).trackMemory(true).build();
		TrackingSession session = this.tracker.startTracking("import", withUsage);
		assertThat(session.getName()).isEqualTo("import");
		assertThat(session.getId()).startsWith("import#");
		assertThat(session.isRunning()).isTrue();
		this.clock.add(Duration.ofSeconds(3));
		byte[] data = new byte[1_000_000];
		System.gc();
		PerformanceMeasurement measurement = session.stop();
		assertThat(data).hasSize(1_000_000);
		assertThat(session.isRunning()).isFalse();
		assertThat(measurement.duration()).isEqualTo(Duration.ofSeconds(3));
		List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
		assertThat(measurement.gcByCollector().keySet())
			.containsExactlyInAnyOrderElementsOf(collectors.stream().map(GarbageCollectorMXBean::getName).toList());
		assertThat(measurement.gcCount()).isPositive()
			.isEqualTo(measurement.gcByCollector().values().stream().mapToLong(GcActivity::count).sum());
		assertThat(measurement.gcTime()).isEqualTo(measurement.gcByCollector()
			.values()
			.stream()
			.map(GcActivity::time)
			.reduce(Duration.ZERO, Duration::plus));
		assertThat(measurement.memoryDeltaBytes()).isNotNull();
		assertThat(measurement.heapUsedBytes()).isPositive();
		assertThat(measurement.heapCommittedBytes()).isGreaterThanOrEqualTo(measurement.heapUsedBytes());
		assertThat(measurement.nonHeapUsedBytes()).isPositive();
		assertThat(measurement.directBufferBytes()).isNotNegative();
		if (this.methodTracker.usage().isAllocationSupported()) {
			assertThat(measurement.allocatedBytes()).isGreaterThanOrEqualTo(1_000_000);
		}
		if (this.methodTracker.usage().isCpuTimeSupported()) {
			assertThat(measurement.cpuTime()).isNotNull();
			assertThat(measurement.userCpuTime()).isNotNull();
			assertThat(measurement.userCpuTime().plus(measurement.systemCpuTime())).isEqualTo(measurement.cpuTime());
		}
		Timer timer = this.registry.find("jobs").tags("class", "session", "method", "import").timer();
		assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(3);
	}

	@Test
	void sessionStoppedTwiceReturnsTheSameMeasurementAndRecordsOnce() {
		TrackingSession session = this.tracker.startTracking("twice", this.options);
		this.clock.add(Duration.ofMillis(40));
		PerformanceMeasurement first = session.stop();
		this.clock.add(Duration.ofMillis(60));
		assertThat(session.stop()).isSameAs(first);
		session.close();
		assertThat(first.duration()).isEqualTo(Duration.ofMillis(40));
		Timer timer = this.registry.find("jobs").tags("class", "session", "method", "twice").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
		assertThat(this.methodTracker.getFailures()).isZero();
		assertThat(session).hasToString("TrackingSession{" + session.getId() + ", stopped}");
	}

	@Test
	void sessionInTryWithResourcesRecordsOnce() {
		TrackingSession kept;
		try (TrackingSession session = this.tracker.startTracking("block", this.options)) {
			kept = session;
			assertThat(session).hasToString("TrackingSession{" + session.getId() + ", running}");
			this.clock.add(Duration.ofMillis(25));
		}
		assertThat(kept.isRunning()).isFalse();
		this.clock.add(Duration.ofMillis(25));
		kept.close();
		Timer timer = this.registry.find("jobs").tags("class", "session", "method", "block").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(25);
		assertThat(kept.stop().duration()).isEqualTo(Duration.ofMillis(25));
	}

	@Test
	void sessionStoppedByIdRecordsAndASecondStopByIdReturnsAnEmptyMeasurement() {
		TrackingSession session = this.tracker.startTracking("byid", this.options);
		this.clock.add(Duration.ofMillis(30));
		PerformanceMeasurement measurement = this.tracker.stopTracking(session.getId());
		assertThat(measurement.duration()).isEqualTo(Duration.ofMillis(30));
		assertThat(session.isRunning()).isFalse();
		assertThat(session.stop()).isSameAs(measurement);
		assertThat(this.methodTracker.getFailures()).isZero();
		assertThat(this.tracker.stopTracking(session.getId())).isEqualTo(PerformanceMeasurement.of(Duration.ZERO));
		assertThat(this.methodTracker.getFailures()).isEqualTo(1);
		assertThat(this.registry.find("jobs").tags("class", "session", "method", "byid").timer().count())
			.isEqualTo(1);
	}

	@Test
	void sessionStoppedThroughItsHandleIsNoLongerFoundById() {
		TrackingSession session = this.tracker.startTracking("handle", this.options);
		session.stop();
		assertThat(this.tracker.stopTracking(session.getId())).isSameAs(DefaultPerformanceTracker.NOT_FOUND);
		assertThat(this.methodTracker.getFailures()).isEqualTo(1);
	}

	@Test
	void unknownOrNullIdsNeverThrowAndCountAFailure() {
		assertThat(this.tracker.stopTracking("nothing#1").duration()).isZero();
		assertThat(this.tracker.stopTracking(null)).isSameAs(DefaultPerformanceTracker.NOT_FOUND);
		assertThat(this.methodTracker.getFailures()).isEqualTo(2);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void theIndexDropsTheOldestRunningSessionWhichStillStopsThroughItsHandle() {
		DefaultPerformanceTracker tracker = new DefaultPerformanceTracker(this.methodTracker,
				ProfilingSettings.defaults(), 3);
		TrackingSession oldest = tracker.startTracking("leak", this.options);
		TrackingSession second = tracker.startTracking("leak", this.options);
		this.clock.add(Duration.ofMillis(5));
		tracker.startTracking("leak", this.options);
		tracker.startTracking("leak", this.options);
		assertThat(tracker.indexedSessions()).isEqualTo(3);
		assertThat(tracker.stopTracking(oldest.getId())).isSameAs(DefaultPerformanceTracker.NOT_FOUND);
		assertThat(this.methodTracker.getFailures()).isEqualTo(1);
		assertThat(oldest.isRunning()).isTrue();
		this.clock.add(Duration.ofMillis(5));
		assertThat(oldest.stop().duration()).isEqualTo(Duration.ofMillis(10));
		assertThat(tracker.stopTracking(second.getId()).duration()).isEqualTo(Duration.ofMillis(10));
		assertThat(tracker.indexedSessions()).isEqualTo(2);
		assertThat(this.registry.find("jobs").tags("class", "session", "method", "leak").timer().count())
			.isEqualTo(2);
		assertThat(this.methodTracker.getFailures()).isEqualTo(1);
	}

	@Test
	void theDefaultIndexHoldsTenThousandRunningSessions() {
		DefaultPerformanceTracker tracker = (DefaultPerformanceTracker) this.tracker;
		TrackingSession oldest = tracker.startTracking("many", this.options);
		TrackingSession next = tracker.startTracking("many", this.options);
		for (int i = 0; i < DefaultPerformanceTracker.MAX_INDEXED_SESSIONS - 1; i++) {
			tracker.startTracking("many", this.options);
		}
		assertThat(tracker.indexedSessions()).isEqualTo(10_000);
		assertThat(tracker.stopTracking(oldest.getId())).isSameAs(DefaultPerformanceTracker.NOT_FOUND);
		assertThat(tracker.stopTracking(next.getId())).isNotSameAs(DefaultPerformanceTracker.NOT_FOUND);
		assertThat(tracker.indexedSessions()).isEqualTo(9_999);
	}

	@Test
	void sessionStoppedOnAnotherThreadHasNoCpuOrAllocation() {
		TrackingSession session = this.tracker.startTracking("handoff", this.options);
		PerformanceMeasurement measurement = CompletableFuture.supplyAsync(session::stop).join();
		assertThat(measurement.cpuTime()).isNull();
		assertThat(measurement.userCpuTime()).isNull();
		assertThat(measurement.systemCpuTime()).isNull();
		assertThat(measurement.allocatedBytes()).isEqualTo(-1);
		assertThat(measurement.heapUsedBytes()).isPositive();
	}

	@Test
	void concurrentStopsOfOneSessionRecordItOnce() throws Exception {
		TrackingSession session = this.tracker.startTracking("race", this.options);
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<PerformanceMeasurement>> stops = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			stops.add(CompletableFuture.supplyAsync(() -> {
				await(go);
				return session.stop();
			}));
		}
		go.countDown();
		PerformanceMeasurement first = stops.get(0).get(10, TimeUnit.SECONDS);
		for (CompletableFuture<PerformanceMeasurement> stop : stops) {
			assertThat(stop.get(10, TimeUnit.SECONDS)).isSameAs(first);
		}
		assertThat(this.registry.find("jobs").tags("class", "session", "method", "race").timer().count())
			.isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void shortFormsUseTheDefaultOptions() throws Exception {
		assertThat(this.tracker.trackSupplier("supply", () -> 1).get()).isEqualTo(1);
		assertThat(this.tracker.trackFunction("apply", (Integer x) -> x + 1).apply(1)).isEqualTo(2);
		AtomicInteger runs = new AtomicInteger();
		this.tracker.trackRunnable("run", runs::incrementAndGet).run();
		assertThat(this.tracker.trackCallable("call", () -> 3).call()).isEqualTo(3);
		assertThat(this.tracker.trackAsyncFunction("async", () -> CompletableFuture.completedFuture(4))
			.get()
			.toCompletableFuture()
			.join()).isEqualTo(4);
		this.clock.add(Duration.ofMillis(7));
		try (TrackingSession session = this.tracker.startTracking("session")) {
			this.clock.add(Duration.ofMillis(7));
		}
		assertThat(runs).hasValue(1);
		for (String method : List.of("supply", "apply", "run", "call", "async")) {
			assertThat(this.registry.find("method.tracked").tags("class", "function", "method", method).timer().count())
				.as(method)
				.isEqualTo(1);
		}
		assertThat(this.registry.find("method.tracked").tags("class", "session", "method", "session").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
		assertThat(this.tracker.getPerformanceReport().methods()).extracting(PerformanceReport.MethodPerformance::method)
			.containsExactlyInAnyOrder("supply", "apply", "run", "call", "async", "session");
		AtomicInteger calls = new AtomicInteger();
		BenchmarkResult result = this.tracker.benchmark("count", calls::incrementAndGet);
		assertThat(calls).hasValue(1100);
		assertThat(result.warmupIterations()).isEqualTo(100);
		assertThat(result.iterations()).isEqualTo(1000);
	}

	@Test
	void profileShortFormUsesTheDefaultOptions() {
		PerformanceTracker tracker = mock(PerformanceTracker.class, CALLS_REAL_METHODS);
		ProfilingResult result = new ProfilingResult("p", Path.of("p.jfr"), Instant.EPOCH, Duration.ZERO, 0, List.of(),
				List.of(), List.of(), 0, Duration.ZERO);
		doReturn(result).when(tracker).profile("p", ProfilingOptions.defaults());
		assertThat(tracker.profile("p")).isSameAs(result);
		verify(tracker).profile("p", ProfilingOptions.defaults());
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

		@Override
		public String toString() {
			return "stock";
		}

	}

}
