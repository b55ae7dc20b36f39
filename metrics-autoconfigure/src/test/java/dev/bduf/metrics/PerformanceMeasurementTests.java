package dev.bduf.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bduf.metrics.PerformanceMeasurement.GcActivity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JVM detail of a {@link PerformanceMeasurement}.
 */
class PerformanceMeasurementTests {

	@Test
	void detailIsNotMeasuredUnlessSet() {
		PerformanceMeasurement measurement = PerformanceMeasurement.of(Duration.ofMillis(5));

		assertThat(measurement.userCpuTime()).isNull();
		assertThat(measurement.systemCpuTime()).isNull();
		assertThat(measurement.heapUsedBytes()).isEqualTo(-1);
		assertThat(measurement.heapCommittedBytes()).isEqualTo(-1);
		assertThat(measurement.nonHeapUsedBytes()).isEqualTo(-1);
		assertThat(measurement.directBufferBytes()).isEqualTo(-1);
		assertThat(measurement.gcByCollector()).isEmpty();
		assertThat(measurement).isEqualTo(new PerformanceMeasurement(Duration.ofMillis(5), null, -1, null, -1, null,
				Map.of()));
	}

	@Test
	void builderSetsEveryDetail() {
		PerformanceMeasurement measurement = PerformanceMeasurement.builder(Duration.ofMillis(5))
			.userCpuTime(Duration.ofMillis(3))
			.systemCpuTime(Duration.ofMillis(1))
			.heapUsedBytes(10)
			.heapCommittedBytes(20)
			.nonHeapUsedBytes(30)
			.directBufferBytes(40)
			.gc("Copy", 2, Duration.ofMillis(4))
			.build();

		assertThat(measurement).isEqualTo(new PerformanceMeasurement(Duration.ofMillis(5), null, -1, null, 2,
				Duration.ofMillis(4), Map.of(), Duration.ofMillis(3), Duration.ofMillis(1), 10, 20, 30, 40,
				Map.of("Copy", new GcActivity(2, Duration.ofMillis(4)))));
		assertThat(PerformanceMeasurement.builder(Duration.ZERO).heap(1, 2).build())
			.extracting(PerformanceMeasurement::heapUsedBytes, PerformanceMeasurement::heapCommittedBytes)
			.containsExactly(1L, 2L);
	}

	@Test
	void gcTotalsAreTheSumOfTheCollectorsUnlessGiven() {
		PerformanceMeasurement summed = PerformanceMeasurement.builder(Duration.ZERO)
			.gc("young", 3, Duration.ofMillis(5))
			.gc("old", 1, Duration.ofMillis(50))
			.build();
		assertThat(summed.gcCount()).isEqualTo(4);
		assertThat(summed.gcTime()).isEqualTo(Duration.ofMillis(55));
		assertThat(summed.gcByCollector()).containsOnlyKeys("young", "old");

		PerformanceMeasurement given = PerformanceMeasurement.builder(Duration.ZERO)
			.gc("young", 3, Duration.ofMillis(5))
			.gc(9, Duration.ofMillis(90))
			.build();
		assertThat(given.gcCount()).isEqualTo(9);
		assertThat(given.gcTime()).isEqualTo(Duration.ofMillis(90));
	}

	@Test
	void gcActivityIsValidatedAndCollectorsAreCopied() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GcActivity(-1, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new GcActivity(0, Duration.ofMillis(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new GcActivity(0, null));
		Map<String, GcActivity> collectors = new LinkedHashMap<>(Map.of("a", new GcActivity(1, Duration.ZERO)));
		PerformanceMeasurement measurement = new PerformanceMeasurement(Duration.ZERO, null, -1, null, -1, null, null,
				null, null, -1, -1, -1, -1, collectors);
		collectors.put("b", new GcActivity(1, Duration.ZERO));
		assertThat(measurement.gcByCollector()).containsOnlyKeys("a");
		assertThatThrownBy(() -> measurement.gcByCollector().clear()).isInstanceOf(UnsupportedOperationException.class);
		assertThat(new PerformanceMeasurement(Duration.ZERO, null, -1, null, -1, null, null, null, null, -1, -1, -1,
				-1, null)
			.gcByCollector()).isEmpty();
	}

}
