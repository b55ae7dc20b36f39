package dev.bduf.metrics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RollupsTest {

	private static StepSnapshot raw(long second, SeriesPoint... points) {
		return new StepSnapshot(Instant.ofEpochSecond(second), Duration.ofSeconds(10), "i", List.of(points));
	}

	@Test
	void mergesExactlyAndFlushesAPeriodLeftEarly() {
		Rollups rollups = new Rollups(0.01);
		assertThat(rollups.add(raw(0, SeriesPoint.gauge("g", null, Map.of(), 5)))).isEmpty();
		assertThat(rollups.add(raw(10, SeriesPoint.gauge("g", null, Map.of(), 1)))).isEmpty();
		// a gap: the next step is in the following minute, which completes the first
		List<StepSnapshot> completed = rollups.add(raw(70, SeriesPoint.gauge("g", null, Map.of(), 9)));
		assertThat(completed).singleElement().satisfies((minute) -> {
			assertThat(minute.resolution()).isEqualTo(Resolution.MINUTE);
			assertThat(minute.start()).isEqualTo(Instant.EPOCH);
			SeriesPoint g = minute.points().get(0);
			assertThat(g.count()).isEqualTo(2);
			assertThat(g.sum()).isEqualTo(6);
			assertThat(g.min()).isEqualTo(1);
			assertThat(g.max()).isEqualTo(5);
			assertThat(g.last()).isEqualTo(1);
			assertThat(g.mean()).isEqualTo(3);
		});
		assertThat(rollups.add(raw(110, SeriesPoint.gauge("g", null, Map.of(), 2))))
			.singleElement()
			.satisfies((minute) -> assertThat(minute.points().get(0).last()).isEqualTo(2));
	}

	@Test
	void pointValidation() {
		SeriesPoint point = SeriesPoint.gauge("g", "items", new java.util.TreeMap<>(Map.of("b", "2", "a", "1")), 1);
		assertThat(point.tags().firstKey()).isEqualTo("a");
		assertThat(point.tags().lastKey()).isEqualTo("b");
		assertThat(point.tags().headMap("b")).containsOnlyKeys("a");
		assertThat(point.tags().tailMap("b")).containsOnlyKeys("b");
		assertThat(point.tags().subMap("a", "b")).containsOnlyKeys("a");
		assertThat(point.tags().comparator()).isNull();
		assertThat(point.tags().values()).containsExactly("1", "2");
		assertThat(point.tags().containsKey("a")).isTrue();
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> point.tags().put("c", "3"));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> SeriesPoint.gauge(" ", null, Map.of(), 1));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new SeriesPoint("x", MeterKind.GAUGE, null, Map.of(), -1, 0, 0, 0, 0, null));
		assertThat(new SeriesPoint("x", MeterKind.GAUGE, null, Map.of(), 0, 0, 0, 0, 0, null).mean()).isNaN();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new StepSnapshot(Instant.EPOCH, Duration.ZERO, "i", List.of()));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new StepSnapshot(Instant.EPOCH, Duration.ofSeconds(1), " ", List.of()));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Retention(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO));
		assertThat(Resolution.RAW.step(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
		assertThat(Resolution.TEN_MINUTES.step(Duration.ofSeconds(5))).isEqualTo(Duration.ofMinutes(10));
		assertThat(MeterKind.COUNTER.isCumulative()).isTrue();
		assertThat(MeterKind.GAUGE.isCumulative()).isFalse();
	}

}
