package dev.bduf.metrics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class HistoryRecorderTest {

	private static final Duration STEP = Duration.ofSeconds(10);

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final List<StepSnapshot> published = new ArrayList<>();

	private final HistoryRecorder recorder;

	HistoryRecorderTest() {
		this.registry.config().meterFilter(new HistoryHistogramFilter());
		long now = this.clock.wallTime();
		this.clock.add((now / 600_000 + 1) * 600_000 - now, TimeUnit.MILLISECONDS);
		this.recorder = new HistoryRecorder(this.registry, this.clock, STEP, "i-1", 0.01, List.of(this.published::add));
	}

	private StepSnapshot step() {
		this.clock.add(STEP);
		StepSnapshot snapshot = this.recorder.recordStep();
		assertThat(snapshot).isNotNull();
		return snapshot;
	}

	private static SeriesPoint point(StepSnapshot snapshot, String name) {
		return snapshot.points().stream().filter((p) -> p.name().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void recordsEveryKindOfMeter() {
		Counter counter = this.registry.counter("c", "k", "v");
		AtomicLong functionCount = new AtomicLong();
		FunctionCounter.builder("fc", functionCount, AtomicLong::get).register(this.registry);
		double[] gauge = { 3 };
		this.registry.gauge("g", List.of(), gauge, (g) -> g[0]);
		this.registry.gauge("nan", List.of(), gauge, (g) -> Double.NaN);
		TimeGauge.builder("tg", gauge, TimeUnit.MILLISECONDS, (g) -> 1500).register(this.registry);
		Timer timer = this.registry.timer("t");
		DistributionSummary summary = DistributionSummary.builder("s").baseUnit("bytes").register(this.registry);
		FunctionTimer.builder("ft", functionCount, AtomicLong::get, (c) -> c.get() * 2, TimeUnit.SECONDS)
			.register(this.registry);
		LongTaskTimer longTask = LongTaskTimer.builder("ltt").register(this.registry);
		Meter.builder("custom", Meter.Type.OTHER, List.of(new Measurement(() -> 7, Statistic.VALUE)))
			.register(this.registry);
		Meter.builder("empty", Meter.Type.OTHER, List.of()).register(this.registry);

		counter.increment(5);
		functionCount.set(4);
		timer.record(Duration.ofMillis(20));
		timer.record(Duration.ofMillis(40));
		summary.record(100);
		LongTaskTimer.Sample task = longTask.start();
		StepSnapshot first = step();
		assertThat(first.instanceId()).isEqualTo("i-1");
		assertThat(first.resolution()).isEqualTo(Resolution.RAW);
		assertThat(first.end()).isEqualTo(Instant.ofEpochMilli(this.clock.wallTime()));
		assertThat(point(first, "c")).satisfies((p) -> {
			assertThat(p.kind()).isEqualTo(MeterKind.COUNTER);
			assertThat(p.sum()).isEqualTo(5);
			assertThat(p.last()).isEqualTo(5);
			assertThat(p.tags()).containsExactly(Map.entry("k", "v"));
		});
		assertThat(point(first, "fc").sum()).isEqualTo(4);
		assertThat(point(first, "g").last()).isEqualTo(3);
		assertThat(first.points()).noneMatch((p) -> p.name().equals("nan") || p.name().equals("empty"));
		assertThat(point(first, "tg").last()).isEqualTo(1.5);
		assertThat(point(first, "t")).satisfies((p) -> {
			assertThat(p.kind()).isEqualTo(MeterKind.TIMER);
			assertThat(p.baseUnit()).isEqualTo("seconds");
			assertThat(p.count()).isEqualTo(2);
			assertThat(p.sum()).isCloseTo(0.06, org.assertj.core.api.Assertions.within(1e-9));
			assertThat(p.max()).isCloseTo(0.04, org.assertj.core.api.Assertions.within(1e-9));
			assertThat(p.sketch()).isNotNull();
			assertThat(p.sketch().count()).isEqualTo(2);
			assertThat(p.mean()).isCloseTo(0.03, org.assertj.core.api.Assertions.within(1e-9));
		});
		assertThat(point(first, "s")).satisfies((p) -> {
			assertThat(p.kind()).isEqualTo(MeterKind.SUMMARY);
			assertThat(p.baseUnit()).isEqualTo("bytes");
			assertThat(p.sketch().quantile(0.5)).isCloseTo(100, org.assertj.core.api.Assertions.within(15.0));
		});
		assertThat(point(first, "ft")).satisfies((p) -> {
			assertThat(p.count()).isEqualTo(4);
			assertThat(p.sum()).isEqualTo(8);
		});
		assertThat(point(first, "ltt")).satisfies((p) -> {
			assertThat(p.kind()).isEqualTo(MeterKind.LONG_TASK_TIMER);
			assertThat(p.sum()).isEqualTo(1);
		});
		assertThat(point(first, "custom").kind()).isEqualTo(MeterKind.OTHER);

		// next step: only the changes
		counter.increment(2);
		functionCount.set(1);
		task.stop();
		StepSnapshot second = step();
		assertThat(point(second, "c").sum()).isEqualTo(2);
		assertThat(point(second, "c").last()).isEqualTo(7);
		assertThat(point(second, "fc").sum()).as("a counter that went down was reset").isEqualTo(1);
		assertThat(point(second, "t").count()).isZero();
		assertThat(point(second, "t").sketch()).isNull();
		assertThat(point(second, "t").max()).isNaN();
		assertThat(point(second, "ft").count()).as("reset").isEqualTo(1);

		// removed meters are forgotten
		this.registry.remove(counter);
		assertThat(step().points()).noneMatch((p) -> p.name().equals("c"));
		assertThat(this.recorder.steps()).isEqualTo(3);
		assertThat(this.recorder.lastSeries()).isGreaterThan(5);
		assertThat(this.recorder.lastStepDuration()).isPositive();
		assertThat(this.recorder.failures()).isZero();
	}

	@Test
	void recordsAStepOnceAndPublishesRollupsWhenTheirPeriodEnds() {
		this.registry.counter("c").increment();
		assertThat(this.recorder.recordStep()).as("the step before the first boundary").isNotNull();
		assertThat(this.recorder.recordStep()).as("the same step again").isNull();
		for (int s = 0; s < 60; s++) {
			step();
		}
		// the first step ends a minute and a ten-minute period of its own
		assertThat(this.published).filteredOn((s) -> s.resolution() == Resolution.MINUTE).hasSize(11);
		List<StepSnapshot> tens = this.published.stream()
			.filter((s) -> s.resolution() == Resolution.TEN_MINUTES)
			.toList();
		assertThat(tens).hasSize(2);
		StepSnapshot tenMinutes = tens.get(1);
		assertThat(tenMinutes.step()).isEqualTo(Duration.ofMinutes(10));
		assertThat(point(tenMinutes, "c").count()).isEqualTo(60);
	}

	@Test
	void aFailingSinkIsCountedAndDoesNotStopTheOthers() {
		List<StepSnapshot> other = new ArrayList<>();
		HistoryRecorder recorder = new HistoryRecorder(this.registry, this.clock, STEP, "i-1", 0.01,
				List.of((s) -> {
					throw new IllegalStateException("disk full");
				}, other::add));
		this.clock.add(STEP);
		recorder.recordIfDue();
		this.clock.add(STEP);
		recorder.recordIfDue();
		assertThat(other).hasSize(2);
		assertThat(recorder.failures()).isEqualTo(2);
	}

	@Test
	void whatWasCountedBeforeTheRecorderStartedIsInItsFirstStep() {
		this.registry.counter("early").increment(3);
		this.registry.timer("early.timer").record(Duration.ofMillis(5));
		this.recorder.start();
		try {
			this.registry.counter("early").increment();
			this.clock.add(STEP);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.steps() >= 1);
			assertThat(point(this.published.get(0), "early").sum()).isEqualTo(4);
			assertThat(point(this.published.get(0), "early.timer").count()).isEqualTo(1);
		}
		finally {
			this.recorder.stop();
		}
	}

	@Test
	void startsABackgroundThreadThatRecordsWhenTheClockPassesAStep() {
		this.recorder.start();
		try {
			this.recorder.start();
			assertThat(this.recorder.isRunning()).isTrue();
			this.registry.counter("c").increment();
			this.clock.add(STEP);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.steps() >= 1);
			assertThat(point(this.published.get(0), "c").sum()).isEqualTo(1);
		}
		finally {
			this.recorder.stop();
		}
		assertThat(this.recorder.isRunning()).isFalse();
		this.recorder.stop();
	}

	@Test
	void rejectsBadSettings() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new HistoryRecorder(this.registry, this.clock, Duration.ofMillis(10), "i", 0.01, List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HistoryRecorder(this.registry, this.clock, STEP, "i", 0.9, List.of()));
	}

	@Test
	void histogramBucketsThatGoDownGiveNoSketch() {
		BucketSketcher sketcher = new BucketSketcher(0.01, false);
		var first = new io.micrometer.core.instrument.distribution.HistogramSnapshot(10, 100, 20, null,
				new io.micrometer.core.instrument.distribution.CountAtBucket[] {
						new io.micrometer.core.instrument.distribution.CountAtBucket(10.0, 5),
						new io.micrometer.core.instrument.distribution.CountAtBucket(20.0, 10) },
				null);
		assertThat(sketcher.step(first, 20).count()).isEqualTo(10);
		var rotated = new io.micrometer.core.instrument.distribution.HistogramSnapshot(4, 40, 20, null,
				new io.micrometer.core.instrument.distribution.CountAtBucket[] {
						new io.micrometer.core.instrument.distribution.CountAtBucket(10.0, 2),
						new io.micrometer.core.instrument.distribution.CountAtBucket(20.0, 4) },
				null);
		assertThat(sketcher.step(rotated, 20)).isNull();
		var none = io.micrometer.core.instrument.distribution.HistogramSnapshot.empty(0, 0, 0);
		assertThat(sketcher.step(none, 0)).isNull();
		double[] bounds = { 1, 2, 4 };
		assertThat(BucketSketcher.representative(bounds, 0, Double.NaN)).isEqualTo(1);
		assertThat(BucketSketcher.representative(bounds, 1, Double.NaN)).isCloseTo(4.0 / 3,
				org.assertj.core.api.Assertions.within(1e-12));
		assertThat(BucketSketcher.representative(bounds, 2, 2)).isEqualTo(2);
		assertThat(BucketSketcher.representative(bounds, 3, 9)).isEqualTo(9);
		assertThat(BucketSketcher.representative(bounds, 3, Double.NaN)).isEqualTo(4);
	}

}
