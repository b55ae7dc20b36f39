package dev.bduf.metrics.collector;

import java.util.Map;

import dev.bduf.metrics.CollectorStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most N series per name; the rest go to one overflow series.
 */
@ExtendWith(OutputCaptureExtension.class)
class CardinalityGuardTest {

	private final Fixture fixture = new Fixture((settings) -> settings.maxSeriesPerName(3));

	private final DefaultMetricsCollector collector = this.fixture.collector;

	@Test
	void tagSetsOverTheLimitGoToOneOverflowSeries(CapturedOutput output) {
		for (int user = 1; user <= 6; user++) {
			this.collector.increment("logins", 1, Map.of("user", "u" + user));
		}
		this.collector.increment("logins", 1, Map.of("user", "u5"));
		this.collector.increment("logins", 1, Map.of("user", "u1"));

		assertThat(this.fixture.registry.get("logins").counters()).hasSize(4);
		Counter overflow = this.fixture.registry.get("logins").tag("overflow", "true").counter();
		assertThat(overflow.count()).isEqualTo(4);
		assertThat(overflow.getId().getTag("user"))
			.as("the overflow series keeps the name's keys, so Prometheus exports it")
			.isEqualTo("overflow");
		assertThat(this.fixture.registry.get("logins").tag("user", "u1").counter().getId().getTag("overflow"))
			.isEqualTo("false");
		assertThat(overflow.getId().getTags()).contains(Tag.of("service", "svc"));
		assertThat(this.fixture.registry.get("logins").tag("user", "u1").counter().count()).isEqualTo(2);

		CollectorStats stats = this.collector.getCollectorStats();
		assertThat(stats.recorded()).isEqualTo(8);
		assertThat(stats.overflowed()).isEqualTo(4);
		assertThat(stats.series()).isEqualTo(4);
		assertThat(stats.seriesPerName()).containsEntry("logins", 4);
		CollectorStats.Overflow lost = stats.overflow().get("logins");
		assertThat(lost.recordings()).isEqualTo(4);
		assertThat(lost.droppedTagSets()).isEqualTo(3);
		assertThat(lost.samples()).containsExactly(Map.of("user", "u4"), Map.of("user", "u5"), Map.of("user", "u6"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("bduf.metrics.cardinality.max-series-per-name")))
			.hasSize(1);
	}

	@Test
	void everyKindOverflows() {
		for (int i = 0; i < 5; i++) {
			Map<String, ?> tags = Map.of("id", i);
			this.collector.gauge("g", i, tags);
			this.collector.histogram("h", i, tags);
			this.collector.timing("t", i, java.util.concurrent.TimeUnit.SECONDS, tags);
			this.collector.decrement("u", 1, tags);
		}

		assertThat(this.fixture.registry.get("g").tag("overflow", "true").gauge().value()).isEqualTo(4);
		assertThat(this.fixture.registry.get("h").tag("overflow", "true").summary().totalAmount()).isEqualTo(3 + 4);
		assertThat(this.fixture.registry.get("t").tag("overflow", "true").timer().count()).isEqualTo(2);
		assertThat(this.fixture.registry.get("u").tag("overflow", "true").gauge().value()).isEqualTo(-2);
		assertThat(this.collector.getCollectorStats().overflowed()).isEqualTo(8);
	}

	@Test
	void manyDistinctTagValuesKeepMemoryBounded() {
		for (int i = 0; i < 100_000; i++) {
			this.collector.increment("requests", 1, Map.of("request.id", i));
		}

		assertThat(this.fixture.registry.get("requests").meters()).hasSize(3 + 1);
		assertThat(this.fixture.registry.get("requests").tag("overflow", "true").counter().count())
			.isEqualTo(100_000 - 3);
		CollectorStats stats = this.collector.getCollectorStats();
		assertThat(stats.recorded()).isEqualTo(100_000);
		assertThat(stats.overflowed()).isEqualTo(100_000 - 3);
		CollectorStats.Overflow lost = stats.overflow().get("requests");
		assertThat(lost.recordings()).isEqualTo(100_000 - 3);
		assertThat(lost.droppedTagSets()).isEqualTo(100_000 - 3);
		assertThat(lost.samples()).hasSize(3).first().isEqualTo(Map.of("request.id", "3"));
	}

	@Test
	void theLimitIsPerName() {
		for (int i = 0; i < 3; i++) {
			this.collector.increment("a", 1, Map.of("k", i));
			this.collector.increment("b", 1, Map.of("k", i));
		}

		assertThat(this.collector.getCollectorStats().overflow()).isEmpty();
		assertThat(this.collector.getCollectorStats().series()).isEqualTo(6);
	}

	@Test
	void rawMapsThatNormaliseToAnExistingSeriesDoNotCountAgainstTheLimit() {
		for (int i = 0; i < 3; i++) {
			this.collector.increment("a", 1, Map.of("k", i));
		}
		for (int i = 0; i < 200; i++) {
			this.collector.increment("a", 1, Map.of((i % 2 == 0) ? "K" : "k", (i % 2 == 0) ? (long) (i % 3) : "" + (i % 3)));
		}

		assertThat(this.collector.getCollectorStats().overflow()).isEmpty();
		assertThat(this.fixture.registry.get("a").counters()).hasSize(3);
		assertThat(this.fixture.registry.get("a").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(203);
	}

}
