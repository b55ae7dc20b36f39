package dev.bduf.metrics.collector;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.tracking.DefaultPerformanceTracker;
import dev.bduf.metrics.tracking.MethodTracker;
import dev.bduf.metrics.tracking.TrackingSession;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * The detail of a {@link PerformanceMeasurement}, recorded under its meter names.
 */
class PerformanceRecordingTests {

	private final Fixture fixture = new Fixture();

	private final DefaultMetricsCollector collector = this.fixture.collector;

	private final MeterRegistry registry = this.fixture.registry;

	private static PerformanceMeasurement.Builder everything() {
		return PerformanceMeasurement.builder(Duration.ofMillis(120))
			.cpuTime(Duration.ofMillis(80))
			.cpuTime(Duration.ofMillis(60), Duration.ofMillis(20))
			.allocatedBytes(4096)
			.memoryDeltaBytes(1024)
			.heap(50_000, 80_000)
			.nonHeapUsedBytes(30_000)
			.directBufferBytes(2048)
			.custom("rows", 300);
	}

	@Test
	void everyPartIsRecordedUnderItsName() {
		PerformanceMeasurement measurement = everything().gc("G1 Young Generation", 3, Duration.ofMillis(12))
			.gc("G1 Old Generation", 1, Duration.ofMillis(40))
			.build();

		this.collector.performance("Import Run", measurement, Map.of("source", "csv"));

		assertThat(timer("import_run.cpu").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(80);
		assertThat(timer("import_run.cpu.user").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
		assertThat(timer("import_run.cpu.system").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
		assertBytes("import_run.allocated", 4096);
		assertBytes("import_run.memory", 1024);
		assertBytes("import_run.heap.used", 50_000);
		assertBytes("import_run.heap.committed", 80_000);
		assertBytes("import_run.nonheap.used", 30_000);
		assertBytes("import_run.direct.used", 2048);
		assertThat(this.registry.get("import_run.rows").summary().totalAmount()).isEqualTo(300);
		assertThat(this.registry.get("import_run.gc.count").summaries())
			.extracting((summary) -> summary.getId().getTag("gc"))
			.containsExactlyInAnyOrder("G1 Young Generation", "G1 Old Generation");
		assertThat(this.registry.get("import_run.gc.count").tag("gc", "G1 Young Generation").summary().totalAmount())
			.isEqualTo(3);
		assertThat(this.registry.get("import_run.gc.time")
			.tag("gc", "G1 Old Generation")
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
		assertThat(this.registry.find("import_run.gc.count").tag("gc", "all").meters()).isEmpty();
		assertThat(this.registry.find("import_run.gc.time").tag("gc", "all").meters()).isEmpty();
		assertThat(this.registry.getMeters()).allSatisfy(
				(meter) -> assertThat(meter.getId().getTag("source")).as(meter.getId().getName()).isEqualTo("csv"));
		// main timer, 3 cpu timers, 6 byte summaries, rows, and 2 x 2 gc meters
		assertThat(this.fixture.recorded()).isEqualTo(15);
		assertThat(this.collector.getCollectorStats().rejected()).isZero();
	}

	@Test
	void totalsOnlyAreTaggedGcAll() {
		this.collector.performance("step",
				PerformanceMeasurement.builder(Duration.ofMillis(5)).gc(2, Duration.ofMillis(7)).build());

		DistributionSummary count = this.registry.get("step.gc.count").summary();
		assertThat(count.getId().getTag("gc")).isEqualTo("all");
		assertThat(count.totalAmount()).isEqualTo(2);
		assertThat(this.registry.get("step.gc.time").tag("gc", "all").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(7);
	}

	@Test
	void totalsAndPerCollectorMeasurementsShareOneKeySetInPrometheus() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
				new PrometheusRegistry(), this.fixture.clock);
		DefaultMetricsCollector collector = new Fixture(prometheus, (settings) -> {
		}).collector;

		collector.performance("step", PerformanceMeasurement.builder(Duration.ofMillis(5)).gc(1, Duration.ZERO).build());
		collector.performance("step",
				PerformanceMeasurement.builder(Duration.ofMillis(5)).gc("Copy", 2, Duration.ofMillis(3)).build());

		assertThat(collector.getCollectorStats().rejected()).isZero();
		assertThat(prometheus.scrape()).contains("step_gc_count_count{", "gc=\"all\"", "gc=\"Copy\"");
	}

	@Test
	void partsNotMeasuredAreNotRecorded() {
		this.collector.performance("step",
				PerformanceMeasurement.builder(Duration.ofMillis(5)).memoryDeltaBytes(-100).heapUsedBytes(-1).build());

		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName()).containsExactly("step");
		assertThat(this.collector.getCollectorStats().attempted()).isEqualTo(1);
	}

	@Test
	void aHugeCpuTimeSaturatesAndANegativeOneIsRejected() {
		Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
		this.collector.performance("step", PerformanceMeasurement.builder(Duration.ofMillis(1))
			.cpuTime(huge, Duration.ofSeconds(Long.MIN_VALUE))
			.build());

		assertThat(timer("step.cpu.user").count()).isEqualTo(1);
		assertThat(this.registry.find("step.cpu.system").meter()).isNull();
		assertThat(this.fixture.rejected(RejectionReason.INVALID_DURATION)).isEqualTo(1);
	}

	@Test
	void recordsThroughThePublicApiOnly() {
		MetricsCollector collector = mock(MetricsCollector.class);
		PerformanceMeasurement measurement = everything().gc(1, Duration.ofMillis(2)).build();
		Map<String, String> tags = Map.of("k", "v");

		PerformanceRecording.record(collector, "run", measurement, tags);

		verify(collector).timing("run.cpu", 80_000_000L, TimeUnit.NANOSECONDS, tags);
		verify(collector).timing("run.cpu.user", 60_000_000L, TimeUnit.NANOSECONDS, tags);
		verify(collector).timing("run.cpu.system", 20_000_000L, TimeUnit.NANOSECONDS, tags);
		verify(collector).histogram("run.allocated", 4096, MetricUnit.BYTES, tags);
		verify(collector).histogram("run.memory", 1024, MetricUnit.BYTES, tags);
		verify(collector).histogram("run.heap.used", 50_000, MetricUnit.BYTES, tags);
		verify(collector).histogram("run.heap.committed", 80_000, MetricUnit.BYTES, tags);
		verify(collector).histogram("run.nonheap.used", 30_000, MetricUnit.BYTES, tags);
		verify(collector).histogram("run.direct.used", 2048, MetricUnit.BYTES, tags);
		verify(collector).histogram("run.gc.count", 1, MetricUnit.COUNT, Map.of("k", "v", "gc", "all"));
		verify(collector).timing("run.gc.time", 2_000_000L, TimeUnit.NANOSECONDS, Map.of("k", "v", "gc", "all"));
		verify(collector).histogram("run.rows", 300, MetricUnit.COUNT, tags);
		verifyNoMoreInteractions(collector);
	}

	@Test
	void onlyTotalsWithoutATimeRecordOnlyTheCount() {
		MetricsCollector collector = mock(MetricsCollector.class);

		PerformanceRecording.record(collector, "run",
				new PerformanceMeasurement(Duration.ZERO, null, -1, null, 4, null, Map.of()), Map.of());

		verify(collector).histogram("run.gc.count", 4, MetricUnit.COUNT, Map.of("gc", "all"));
		verifyNoMoreInteractions(collector);
	}

	@Test
	void aSessionsMeasurementIsRecordedPerCollectorOfThisJvm() {
		DefaultPerformanceTracker tracker = new DefaultPerformanceTracker(new MethodTracker(this.registry));
		TrackingSession session = tracker.startTracking("session");
		this.fixture.advance(Duration.ofMillis(30));
		PerformanceMeasurement measurement = session.stop();

		this.collector.performance("batch", measurement);

		List<String> collectors = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.map(GarbageCollectorMXBean::getName)
			.toList();
		assertThat(this.registry.get("batch.gc.count").summaries()).extracting((meter) -> meter.getId().getTag("gc"))
			.containsExactlyInAnyOrderElementsOf(collectors);
		assertThat(this.registry.get("batch.gc.time").timers()).hasSize(collectors.size());
		assertThat(this.registry.get("batch").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30);
		assertThat(this.registry.get("batch.heap.used").summary().totalAmount()).isPositive();
		assertThat(this.registry.get("batch.heap.committed").summary().totalAmount()).isPositive();
		assertThat(this.registry.get("batch.nonheap.used").summary().totalAmount()).isPositive();
		assertThat(this.registry.find("batch.direct.used").summary()).isNotNull();
		assertThat(this.registry.find("batch.cpu").meter() != null).isEqualTo(measurement.cpuTime() != null);
		assertThat(this.registry.find("batch.cpu.user").meter() != null).isEqualTo(measurement.userCpuTime() != null);
	}

	private Timer timer(String name) {
		return this.registry.get(name).timer();
	}

	private void assertBytes(String name, double bytes) {
		DistributionSummary summary = this.registry.get(name).summary();
		assertThat(summary.totalAmount()).as(name).isEqualTo(bytes);
		assertThat(summary.getId().getBaseUnit()).as(name).isEqualTo("bytes");
		assertThat(summary.getId().getType()).isEqualTo(Meter.Type.DISTRIBUTION_SUMMARY);
	}

}
