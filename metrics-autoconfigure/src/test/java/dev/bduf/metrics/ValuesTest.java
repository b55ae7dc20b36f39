package dev.bduf.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API's value classes: {@link PerformanceMeasurement}, {@link CustomMetric},
 * {@link MetricBatch} and the records the collector returns.
 */
class ValuesTest {

	@Test
	void performanceMeasurementOfADurationOnly() {
		PerformanceMeasurement measurement = PerformanceMeasurement.of(Duration.ofMillis(5));

		assertThat(measurement.duration()).isEqualTo(Duration.ofMillis(5));
		assertThat(measurement.cpuTime()).isNull();
		assertThat(measurement.allocatedBytes()).isEqualTo(-1);
		assertThat(measurement.memoryDeltaBytes()).isNull();
		assertThat(measurement.gcCount()).isEqualTo(-1);
		assertThat(measurement.gcTime()).isNull();
		assertThat(measurement.custom()).isEmpty();
	}

	@Test
	void performanceMeasurementBuilderSetsEveryPart() {
		PerformanceMeasurement measurement = PerformanceMeasurement.builder(Duration.ofMillis(5))
			.cpuTime(Duration.ofMillis(3))
			.allocatedBytes(100)
			.memoryDeltaBytes(-20)
			.gc(2, Duration.ofMillis(1))
			.custom("rows", 7)
			.build();

		assertThat(measurement).isEqualTo(new PerformanceMeasurement(Duration.ofMillis(5), Duration.ofMillis(3), 100,
				-20L, 2, Duration.ofMillis(1), Map.of("rows", 7)));
	}

	@Test
	void performanceMeasurementNeedsADurationAndCopiesCustomValues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PerformanceMeasurement(null, null, -1, null, -1, null, Map.of()));
		Map<String, Number> custom = new HashMap<>(Map.of("a", 1));
		PerformanceMeasurement measurement = new PerformanceMeasurement(Duration.ZERO, null, -1, null, -1, null, custom);
		custom.put("b", 2);

		assertThat(measurement.custom()).containsOnlyKeys("a");
		assertThatThrownBy(() -> measurement.custom().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
		assertThat(new PerformanceMeasurement(Duration.ZERO, null, -1, null, -1, null, null).custom()).isEmpty();
	}

	@Test
	void customMetricDefaultsItsUnitByType() {
		assertThat(CustomMetric.of("t", MetricType.TIMER, 1).unit()).isEqualTo(MetricUnit.MILLISECONDS);
		assertThat(CustomMetric.of("c", MetricType.COUNTER, 1).unit()).isEqualTo(MetricUnit.COUNT);
		assertThat(new CustomMetric("x", null, 1, null, Map.of()).unit()).isEqualTo(MetricUnit.COUNT);
		assertThat(new CustomMetric("t", MetricType.TIMER, 1, MetricUnit.SECONDS, Map.of()).unit())
			.isEqualTo(MetricUnit.SECONDS);
		assertThat(CustomMetric.of("c", MetricType.GAUGE, 2.5)).isEqualTo(
				new CustomMetric("c", MetricType.GAUGE, 2.5, MetricUnit.COUNT, Map.of()));
	}

	@Test
	void metricBatchBuilderKeepsOrderAndTypes() {
		MetricBatch batch = MetricBatch.builder()
			.increment("a", 1, Map.of())
			.gauge("b", 2, Map.of())
			.histogram("c", 3, MetricUnit.BYTES, Map.of())
			.timing("d", 4, MetricUnit.SECONDS, Map.of())
			.businessMetric("e", 5, MetricUnit.CURRENCY, Map.of("k", "v"))
			.add(CustomMetric.of("f", MetricType.UP_DOWN_COUNTER, -1))
			.build();

		assertThat(batch.metrics()).extracting(CustomMetric::type)
			.containsExactly(MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM, MetricType.TIMER,
					MetricType.BUSINESS, MetricType.UP_DOWN_COUNTER);
		assertThat(batch.metrics().get(4).tags()).isEqualTo(Map.of("k", "v"));
		assertThat(batch.metrics().get(2).unit()).isEqualTo(MetricUnit.BYTES);
	}

	@Test
	void metricBatchCopiesAndAllowsNullEntries() {
		List<CustomMetric> metrics = new ArrayList<>();
		metrics.add(null);
		MetricBatch batch = new MetricBatch(metrics);
		metrics.add(CustomMetric.of("a", MetricType.COUNTER, 1));

		assertThat(batch.metrics()).hasSize(1).containsNull();
		assertThatThrownBy(() -> batch.metrics().add(null)).isInstanceOf(UnsupportedOperationException.class);
		assertThat(new MetricBatch(null).metrics()).isEmpty();
	}

	@Test
	void batchResultRejectsNegativeCounts() {
		assertThat(new BatchResult(2, 1).accepted()).isEqualTo(2);
		assertThatIllegalArgumentException().isThrownBy(() -> new BatchResult(-1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new BatchResult(0, -1));
	}

	@Test
	void collectorStatsAndHealthCopyTheirCollections() {
		Map<RejectionReason, Long> byReason = new HashMap<>(Map.of(RejectionReason.NOT_FINITE, 2L));
		CollectorStats stats = new CollectorStats(Instant.EPOCH, 5, 2, byReason, 0, 1, 1, Map.of("a", 1), Map.of(), 0);
		byReason.put(RejectionReason.NULL_TAG, 1L);
		List<Map<String, String>> samples = new ArrayList<>(List.of(Map.of("k", "v")));
		CollectorStats.Overflow overflow = new CollectorStats.Overflow(1, 1, samples);
		samples.clear();
		List<String> reasons = new ArrayList<>(List.of("why"));
		CollectorHealth health = new CollectorHealth(CollectorHealth.Status.DEGRADED, reasons, 10, 0.5, 0);
		reasons.clear();

		assertThat(stats.attempted()).isEqualTo(7);
		assertThat(stats.rejectedByReason()).containsOnlyKeys(RejectionReason.NOT_FINITE);
		assertThat(overflow.samples()).hasSize(1);
		assertThat(health.reasons()).containsExactly("why");
	}

}
