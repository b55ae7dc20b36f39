package dev.bduf.metrics.collector;

import java.util.List;
import java.util.Map;

import dev.bduf.metrics.BoundCounter;
import dev.bduf.metrics.RejectionReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundCounterTest {

	private final Fixture fixture = new Fixture((settings) -> settings.maxSeriesPerName(2)
		.upDownCounters(List.of("inflight")));

	private final DefaultMetricsCollector collector = this.fixture.collector;

	@Test
	void incrementReachesTheMicrometerCounter() {
		BoundCounter bound = this.collector.counter("requests", Map.of("route", "/a"));
		bound.increment();
		bound.increment(2.5);
		this.collector.increment("requests", 1, Map.of("route", "/a"));

		assertThat(this.fixture.registry.get("requests").tag("route", "/a").counter().count()).isEqualTo(4.5);
		assertThat(bound.count()).isEqualTo(4.5);
		assertThat(this.fixture.recorded()).as("bound increments count in the meter only").isEqualTo(1);
	}

	@Test
	void badAmountsAreRejected() {
		BoundCounter bound = this.collector.counter("requests", Map.of());
		bound.increment(-1);
		bound.increment(Double.NaN);
		bound.increment(Double.POSITIVE_INFINITY);
		bound.increment(Double.NEGATIVE_INFINITY);

		assertThat(bound.count()).isZero();
		assertThat(this.fixture.rejected(RejectionReason.NEGATIVE_VALUE)).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.NOT_FINITE)).isEqualTo(3);
	}

	@Test
	void aRejectedNameGivesANoopCounter() {
		BoundCounter invalid = this.collector.counter("", Map.of());
		this.collector.gauge("level", 1);
		BoundCounter conflicting = this.collector.counter("level", Map.of());
		BoundCounter nullTags = this.collector.counter("x", null);

		for (BoundCounter bound : List.of(invalid, conflicting, nullTags)) {
			bound.increment();
			bound.increment(5);
			assertThat(bound.count()).isZero();
		}
		assertThat(this.fixture.rejected(RejectionReason.INVALID_NAME)).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.KIND_CONFLICT)).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.NULL_TAG)).isEqualTo(1);
		assertThat(this.fixture.registry.getMeters()).hasSize(1);
	}

	@Test
	void aBoundCounterOnADeclaredUpDownCounterCountsUp() {
		BoundCounter bound = this.collector.counter("inflight", Map.of());
		bound.increment(3);
		this.collector.decrement("inflight");

		assertThat(bound.count()).isEqualTo(2);
		assertThat(this.fixture.registry.get("inflight").gauge().value()).isEqualTo(2);
	}

	@Test
	void aBoundCounterOverTheSeriesLimitCountsInTheOverflowSeries() {
		this.collector.counter("r", Map.of("k", 1)).increment();
		this.collector.counter("r", Map.of("k", 2)).increment();
		BoundCounter over = this.collector.counter("r", Map.of("k", 3));
		over.increment(4);

		assertThat(this.fixture.registry.get("r").tag("k", TagNormalizer.OVERFLOW_VALUE).counter().count()).isEqualTo(4);
		assertThat(over.count()).isEqualTo(4);
		assertThat(this.collector.getCollectorStats().overflow().get("r").recordings()).isEqualTo(1);
	}

	@Test
	void aBoundCounterSharesItsSeriesWithTheFacade() {
		BoundCounter first = this.collector.counter("shared", Map.of("k", "v"));
		BoundCounter second = this.collector.counter("Shared", Map.of("K", "v"));
		first.increment();
		second.increment();

		assertThat(this.fixture.registry.get("shared").counters()).hasSize(1);
		assertThat(first.count()).isEqualTo(2);
	}

}
