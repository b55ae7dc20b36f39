package dev.bduf.metrics.storage.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.history.HistoryHistogramFilter;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MemoryMetricsStorageTest {

	private static final Duration STEP = Duration.ofSeconds(10);

	private final MockClock clock = new MockClock();

	private static StepSnapshot snapshot(long second, String instance, SeriesPoint... points) {
		return new StepSnapshot(Instant.ofEpochSecond(second), STEP, instance, List.of(points));
	}

	private static SeriesPoint counter(String name, String region, double increase) {
		return SeriesPoint.counter(name, null, Map.of("region", region), increase, increase);
	}

	private static StorageRead read(String name, Map<String, String> tags, long from, long to, String instance) {
		return new StorageRead(name, tags, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), Resolution.RAW,
				instance, 1000);
	}

	@Test
	void keepsRetentionWorthOfPointsPerSeriesAndDropsStaleSeries() {
		MemoryMetricsStorage storage = new MemoryMetricsStorage(
				new Retention(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1)), STEP, this.clock);
		for (int s = 0; s < 20; s++) {
			storage.write(snapshot(s * 10, "a", counter("c", "eu", s), counter("c", "us", 1)));
		}
		List<StoredPoint> points = storage.read(read("c", Map.of("region", "eu"), 0, 1000, "a"));
		assertThat(points).hasSize(6).allSatisfy((p) -> assertThat(p.point().tags()).containsEntry("region", "eu"));
		assertThat(points).extracting((p) -> p.point().sum()).containsExactly(14.0, 15.0, 16.0, 17.0, 18.0, 19.0);
		assertThat(points.get(0).step()).isEqualTo(STEP);
		assertThat(points.get(0).instanceId()).isEqualTo("a");
		assertThat(storage.rings()).isEqualTo(2);
		assertThat(storage.points()).isEqualTo(12);
		// "us" stops reporting and is dropped once its newest point is older than the retention
		for (int s = 20; s < 28; s++) {
			storage.write(snapshot(s * 10, "a", counter("c", "eu", s)));
		}
		assertThat(storage.rings()).isEqualTo(1);
		assertThat(storage.read(read("c", Map.of(), 0, 1000, null))).hasSize(6);
		assertThat(storage.read(read("c", Map.of(), 0, 1000, "b"))).isEmpty();
		assertThat(storage.read(read("missing", Map.of(), 0, 1000, null))).isEmpty();
	}

	@Test
	void keepsInstancesApartAndAnswersNamesPerInstance() {
		MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
		storage.write(snapshot(0, "a", counter("c", "eu", 1)));
		storage.write(snapshot(0, "b", counter("c", "eu", 2), counter("d", "eu", 2)));
		assertThat(storage.names("a")).containsExactly("c");
		assertThat(storage.names(null)).containsExactly("c", "d");
		assertThat(storage.read(read("c", Map.of(), 0, 100, null))).hasSize(2);
		assertThat(storage.read(read("c", Map.of(), 0, 100, "b"))).singleElement()
			.satisfies((p) -> assertThat(p.point().sum()).isEqualTo(2));
		assertThat(storage.backend()).isEqualTo("memory");
		assertThat(storage.retention()).isEqualTo(Retention.DEFAULT);
		assertThat(storage.toString()).contains("rings=3");
	}

	@Test
	void replacesARewrittenStepDropsLateOnesAndLimitsReads() {
		MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
		assertThat(storage.state().lastWrite()).isNull();
		storage.write(snapshot(10, "a", counter("c", "eu", 1)));
		storage.write(snapshot(10, "a", counter("c", "eu", 5)));
		storage.write(snapshot(0, "a", counter("c", "eu", 9)));
		List<StoredPoint> points = storage.read(read("c", Map.of(), 0, 100, "a"));
		assertThat(points).singleElement().satisfies((p) -> assertThat(p.point().sum()).isEqualTo(5));
		StorageState state = storage.state();
		assertThat(state.written()).isEqualTo(3);
		assertThat(state.dropped()).isEqualTo(1);
		assertThat(state.lastWrite()).isNotNull();
		assertThat(state.healthy()).isFalse();
		for (int s = 2; s < 50; s++) {
			storage.write(snapshot(s * 10, "a", counter("c", "eu", s), counter("c", "us", s)));
		}
		List<StoredPoint> limited = storage.read(new StorageRead("c", Map.of(), Instant.EPOCH,
				Instant.ofEpochSecond(10_000), Resolution.RAW, null, 10));
		assertThat(limited).hasSize(11);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MemoryMetricsStorage(Retention.DEFAULT, Duration.ZERO, this.clock));
	}

	/**
	 * Bytes per series per retained point, with the sketches of realistic timers: each
	 * step 100 latencies spread over two orders of magnitude.
	 */
	@Test
	void aRetainedPointTakesAtMost200BytesIncludingPercentiles() {
		MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
		SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);
		registry.config().meterFilter(new HistoryHistogramFilter());
		HistoryRecorder recorder = new HistoryRecorder(registry, this.clock, STEP, "a", 0.01,
				List.of(storage::write));
		List<Timer> timers = new ArrayList<>();
		List<Counter> counters = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			timers.add(Timer.builder("http.server.requests").tag("uri", "/u" + i).register(registry));
			counters.add(Counter.builder("orders").tag("uri", "/u" + i).register(registry));
		}
		Random random = new Random(3);
		for (int s = 0; s < 360; s++) {
			for (Timer timer : timers) {
				for (int i = 0; i < 100; i++) {
					timer.record((long) (2e6 * Math.exp(random.nextGaussian() * 1.2)), TimeUnit.NANOSECONDS);
				}
			}
			counters.forEach((c) -> c.increment(random.nextInt(10)));
			this.clock.add(STEP);
			recorder.recordStep();
		}
		long timerPoints = 0;
		long timerBytes = 0;
		MemoryMetricsStorage timersOnly = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
		for (StoredPoint point : storage.read(new StorageRead("http.server.requests", Map.of(), Instant.EPOCH,
				Instant.ofEpochMilli(this.clock.wallTime()), Resolution.RAW, "a", 1_000_000))) {
			timersOnly.write(new StepSnapshot(point.start(), point.step(), "a", List.of(point.point())));
			timerPoints++;
		}
		timerBytes = timersOnly.estimatedBytes();
		double perTimerPoint = (double) timerBytes / timerPoints;
		double perPoint = (double) storage.estimatedBytes() / storage.points();
		System.out.printf("history memory: %.1f bytes per timer point (with sketch), %.1f per point overall, "
				+ "%d points%n", perTimerPoint, perPoint, storage.points());
		assertThat(perTimerPoint).isLessThanOrEqualTo(200);
		assertThat(perPoint).isLessThanOrEqualTo(200);
	}

}
