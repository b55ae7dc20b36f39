package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.RejectionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first call for a name fixes its kind.
 */
@ExtendWith(OutputCaptureExtension.class)
class KindRulesTest {

	@Test
	void decrementOnAMonotonicCounterIsRejectedAndLoggedOnce(CapturedOutput output) {
		Fixture fixture = new Fixture();
		fixture.collector.increment("jobs.done", 5);

		fixture.collector.decrement("jobs.done");
		fixture.collector.decrement("jobs.done", 2);
		fixture.collector.decrement("Jobs.Done", 1, Map.of("k", "v"));
		fixture.advance(Duration.ofHours(1));
		fixture.collector.decrement("jobs.done");

		assertThat(fixture.registry.get("jobs.done").counter().count()).isEqualTo(5);
		assertThat(fixture.rejected(RejectionReason.DECREMENT_ON_COUNTER)).isEqualTo(4);
		assertThat(fixture.rejected(RejectionReason.KIND_CONFLICT)).isZero();
		assertThat(output.getOut().lines().filter((line) -> line.contains("bduf.metrics.up-down-counters=jobs.done")))
			.hasSize(1);
		// "Jobs.Done" normalises to the same name
		assertThat(fixture.collector.getCollectorStats().names()).isEqualTo(1);
	}

	@Test
	void declaredUpDownCountersCountBothWaysFromTheFirstIncrement() {
		Fixture fixture = new Fixture((settings) -> settings.upDownCounters(List.of("queue.*", "Sessions", "pool.?")));
		fixture.collector.increment("queue.orders", 3);
		fixture.collector.decrement("queue.orders");
		fixture.collector.increment("sessions", 2);
		fixture.collector.decrement("sessions", 3);
		fixture.collector.increment("pool.a", 1);
		fixture.collector.decrement("pool.a", 1);
		fixture.collector.increment("pool.ab", 1);
		fixture.collector.decrement("pool.ab", 1);

		assertThat(fixture.registry.get("queue.orders").gauge().value()).isEqualTo(2);
		assertThat(fixture.registry.get("sessions").gauge().value()).isEqualTo(-1);
		assertThat(fixture.registry.get("pool.a").gauge().value()).isZero();
		assertThat(fixture.registry.get("pool.ab").counter().count()).isEqualTo(1);
		assertThat(fixture.rejected(RejectionReason.DECREMENT_ON_COUNTER)).isEqualTo(1);
	}

	@Test
	void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
		Fixture fixture = new Fixture((settings) -> settings.upDownCounters(List.of("a.b")));
		fixture.collector.increment("axb");
		fixture.collector.decrement("axb");

		assertThat(fixture.rejected(RejectionReason.DECREMENT_ON_COUNTER)).isEqualTo(1);
	}

	@Test
	void anotherKindOnTheSameNameIsAConflict(CapturedOutput output) {
		Fixture fixture = new Fixture();
		fixture.collector.gauge("temperature", 20);

		fixture.collector.timing("temperature", Duration.ofMillis(1));
		fixture.collector.increment("temperature");
		fixture.collector.decrement("temperature");
		fixture.collector.histogram("temperature", 1);
		fixture.collector.businessMetric("temperature", 1, MetricUnit.COUNT);
		fixture.collector.timer("temperature").stop();

		assertThat(fixture.rejected(RejectionReason.KIND_CONFLICT)).isEqualTo(6);
		assertThat(fixture.registry.get("temperature").meters()).hasSize(1);
		assertThat(fixture.registry.get("temperature").gauge().value()).isEqualTo(20);
		assertThat(output).contains("Metric 'temperature' is a gauge; recording it as a timer was rejected")
			.contains("[KIND_CONFLICT]");
	}

	@Test
	void aHistogramAndABusinessMetricAreDifferentKinds() {
		Fixture fixture = new Fixture();
		fixture.collector.histogram("amount", 1);
		fixture.collector.businessMetric("amount", 1, MetricUnit.COUNT);
		fixture.collector.businessMetric("sales", 1, MetricUnit.COUNT);
		fixture.collector.histogram("sales", 1);

		assertThat(fixture.rejected(RejectionReason.KIND_CONFLICT)).isEqualTo(2);
	}

	@Test
	void incrementOnAnUpDownCounterAdds() {
		Fixture fixture = new Fixture();
		fixture.collector.decrement("balance", 10);
		fixture.collector.increment("balance", 4);

		assertThat(fixture.registry.get("balance").gauge().value()).isEqualTo(-6);
		assertThat(fixture.collector.getCollectorStats().rejected()).isZero();
	}

	@Test
	void aSummaryKeepsItsBaseUnit() {
		Fixture fixture = new Fixture();
		fixture.collector.histogram("size", 1, MetricUnit.KILOBYTES, Map.of());

		fixture.collector.histogram("size", 1, MetricUnit.MEGABYTES, Map.of());
		fixture.collector.histogram("size", 1, MetricUnit.SECONDS, Map.of());
		fixture.collector.histogram("size", 1, MetricUnit.COUNT, Map.of());
		fixture.collector.histogram("size", 1, null, Map.of());
		fixture.collector.businessMetric("sales", 1, MetricUnit.CURRENCY);
		fixture.collector.businessMetric("sales", 1, MetricUnit.ITEMS);

		assertThat(fixture.registry.get("size").summary().totalAmount()).isEqualTo(1024 + 1024 * 1024);
		assertThat(fixture.rejected(RejectionReason.INVALID_UNIT)).isEqualTo(4);
	}

	@Test
	void aPlainCountSummaryRejectsAUnit() {
		Fixture fixture = new Fixture();
		fixture.collector.histogram("rows", 3);
		fixture.collector.histogram("rows", 3, MetricUnit.PERCENT, Map.of());

		assertThat(fixture.registry.get("rows").summary().count()).isEqualTo(1);
		assertThat(fixture.rejected(RejectionReason.INVALID_UNIT)).isEqualTo(1);
	}

}
