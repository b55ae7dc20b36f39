package dev.bduf.metrics.collector;

import java.util.Map;

import dev.bduf.metrics.BoundCounter;
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

	private static final String OVERFLOW = TagNormalizer.OVERFLOW_VALUE;

	private final DefaultMetricsCollector collector = this.fixture.collector;

	@Test
	void tagSetsOverTheLimitGoToOneOverflowSeries(CapturedOutput output) {
		for (int user = 1; user <= 6; user++) {
			this.collector.increment("logins", 1, Map.of("user", "u" + user));
		}
		this.collector.increment("logins", 1, Map.of("user", "u5"));
		this.collector.increment("logins", 1, Map.of("user", "u1"));

		assertThat(this.fixture.registry.get("logins").counters()).hasSize(4);
		Counter overflow = this.fixture.registry.get("logins").tag("user", OVERFLOW).counter();
		assertThat(overflow.count()).isEqualTo(4);
		assertThat(overflow.getId().getTags()).as("the overflow series has the name's keys, and only those")
			.extracting(Tag::getKey)
			.containsExactlyInAnyOrder("user", "service", "version", "environment", "instance");
		assertThat(this.fixture.registry.get("logins").tag("user", "u1").counter().getId().getTags())
			.as("series below the limit are untouched: no extra tag")
			.extracting(Tag::getKey)
			.doesNotContain("overflow");
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

		assertThat(this.fixture.registry.get("g").tag("id", OVERFLOW).gauge().value()).isEqualTo(4);
		assertThat(this.fixture.registry.get("h").tag("id", OVERFLOW).summary().totalAmount()).isEqualTo(3 + 4);
		assertThat(this.fixture.registry.get("t").tag("id", OVERFLOW).timer().count()).isEqualTo(2);
		assertThat(this.fixture.registry.get("u").tag("id", OVERFLOW).gauge().value()).isEqualTo(-2);
		assertThat(this.fixture.registry.get("h").tag("id", "0").summary().count())
			.as("a histogram below the limit keeps its values when the name overflows")
			.isEqualTo(1);
		assertThat(this.collector.getCollectorStats().overflowed()).isEqualTo(8);
	}

	@Test
	void manyDistinctTagValuesKeepMemoryBounded() {
		for (int i = 0; i < 100_000; i++) {
			this.collector.increment("requests", 1, Map.of("request.id", i));
		}

		assertThat(this.fixture.registry.get("requests").meters()).hasSize(3 + 1);
		assertThat(this.fixture.registry.get("requests").tag("request.id", OVERFLOW).counter().count())
			.isEqualTo(100_000 - 3);
		CollectorStats stats = this.collector.getCollectorStats();
		assertThat(stats.recorded()).isEqualTo(100_000);
		assertThat(stats.overflowed()).isEqualTo(100_000 - 3);
		CollectorStats.Overflow lost = stats.overflow().get("requests");
		assertThat(lost.recordings()).isEqualTo(100_000 - 3);
		assertThat(lost.droppedTagSets()).isEqualTo(100_000 - 3);
		assertThat(lost.samples()).hasSize(DroppedTagSets.SAMPLES).first().isEqualTo(Map.of("request.id", "3"));
	}

	@Test
	void metersHeldBeforeANameOverflowsKeepCounting() {
		BoundCounter bound = this.collector.counter("jobs", Map.of("queue", "mail"));
		bound.increment();
		Counter micrometer = this.fixture.registry.get("jobs").tag("queue", "mail").counter();
		this.collector.timing("jobs.time", 5, java.util.concurrent.TimeUnit.MILLISECONDS, Map.of("queue", "mail"));
		for (int i = 0; i < 10; i++) {
			this.collector.increment("jobs", 1, Map.of("queue", "q" + i));
			this.collector.timing("jobs.time", 5, java.util.concurrent.TimeUnit.MILLISECONDS, Map.of("queue", "q" + i));
		}
		java.util.List<io.micrometer.core.instrument.Meter> before = java.util.List
			.copyOf(this.fixture.registry.getMeters());
		bound.increment();
		micrometer.increment();
		this.collector.increment("jobs", 1, Map.of("queue", "mail"));
		this.collector.timing("jobs.time", 5, java.util.concurrent.TimeUnit.MILLISECONDS, Map.of("queue", "mail"));

		assertThat(this.collector.getCollectorStats().overflow()).containsKeys("jobs", "jobs.time");
		assertThat(this.fixture.registry.get("jobs").tag("queue", "mail").counter()).isSameAs(micrometer);
		assertThat(micrometer.count()).as("bound, held and facade increments all land on the one meter")
			.isEqualTo(4);
		assertThat(bound.count()).isEqualTo(4);
		assertThat(this.fixture.registry.get("jobs.time").tag("queue", "mail").timer().count())
			.as("a timer below the limit never restarts from zero")
			.isEqualTo(2);
		assertThat(this.fixture.registry.getMeters()).as("no meter was removed or re-registered")
			.containsAll(before)
			.hasSameSizeAs(before);
	}

	@Test
	void aMeterOtherCodeRegisteredUnderTheNameIsNeverRemoved() {
		Counter foreign = this.fixture.registry.counter("visits", "page", "home");
		for (int i = 0; i < 10; i++) {
			this.collector.increment("visits", 1, Map.of("page", "p" + i));
		}
		foreign.increment();

		assertThat(this.fixture.registry.getMeters()).contains(foreign);
		assertThat(foreign.count()).isEqualTo(1);
	}

	@Test
	void aUserTagMayNotTakeTheOverflowValue() {
		this.collector.increment("logins", 1, Map.of("user", OVERFLOW));

		assertThat(this.fixture.rejected(dev.bduf.metrics.RejectionReason.INVALID_TAG)).isEqualTo(1);
		assertThat(this.fixture.registry.find("logins").counters()).isEmpty();
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
