package dev.bduf.metrics.collector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.BatchResult;
import dev.bduf.metrics.CustomMetric;
import dev.bduf.metrics.MetricBatch;
import dev.bduf.metrics.MetricType;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.RejectionReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PERFORMANCE} and {@code CUSTOM} metrics described as data.
 */
class CustomMetricTypesTest {

	private final Fixture fixture = new Fixture();

	@Test
	void performanceIsATimerInMillisecondsByDefault() {
		CustomMetric metric = CustomMetric.of("import.step", MetricType.PERFORMANCE, 250);
		assertThat(metric.unit()).isEqualTo(MetricUnit.MILLISECONDS);

		this.fixture.collector.custom(metric);
		this.fixture.collector
			.custom(new CustomMetric("import.step", MetricType.PERFORMANCE, 1.5, MetricUnit.SECONDS, Map.of()));

		assertThat(this.fixture.registry.get("import.step").timer().count()).isEqualTo(2);
		assertThat(this.fixture.registry.get("import.step").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(1750);
	}

	@Test
	void performanceNeedsATimeUnitAndANonNegativeValue() {
		this.fixture.collector
			.custom(new CustomMetric("import.step", MetricType.PERFORMANCE, 5, MetricUnit.BYTES, Map.of()));
		this.fixture.collector.custom(CustomMetric.of("import.step", MetricType.PERFORMANCE, -5));

		assertThat(this.fixture.registry.find("import.step").meter()).isNull();
		assertThat(this.fixture.rejected(RejectionReason.INVALID_UNIT)).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.INVALID_DURATION)).isEqualTo(1);
	}

	@Test
	void customIsAGaugeOfTheLastValue() {
		this.fixture.collector.custom(new CustomMetric("backlog.age", MetricType.CUSTOM, 12, null, Map.of("q", "a")));
		this.fixture.collector.custom(new CustomMetric("backlog.age", MetricType.CUSTOM, -3, null, Map.of("q", "a")));

		assertThat(this.fixture.registry.get("backlog.age").tag("q", "a").gauge().value()).isEqualTo(-3);
	}

	@Test
	void batchAcceptsTheNewTypes() {
		BatchResult result = this.fixture.collector.batch(new MetricBatch(List.of(
				CustomMetric.of("b.perf", MetricType.PERFORMANCE, 10), CustomMetric.of("b.custom", MetricType.CUSTOM, 7))));

		assertThat(result.accepted()).isEqualTo(2);
		assertThat(result.rejected()).isZero();
		assertThat(this.fixture.registry.get("b.custom").gauge().value()).isEqualTo(7);
	}

}
