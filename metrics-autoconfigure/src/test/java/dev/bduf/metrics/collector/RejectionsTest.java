package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is rejected, counted by reason and logged at a limited rate; it never throws.
 */
@ExtendWith(OutputCaptureExtension.class)
class RejectionsTest {

	private final Fixture fixture = new Fixture((settings) -> settings.rejectionLogInterval(Duration.ofMinutes(1)));

	private final DefaultMetricsCollector collector = this.fixture.collector;

	@Test
	void invalidNames() {
		this.collector.increment(null);
		this.collector.increment("");
		this.collector.gauge("   ", 1);
		this.collector.histogram("___", 1);
		this.collector.timing("...--", Duration.ZERO);
		this.collector.businessMetric("!?", 1, MetricUnit.COUNT);
		this.collector.decrement("\u00e9\u00e8");
		this.collector.timer(null).stop();
		this.collector.timer("").stop();

		assertThat(this.fixture.rejected(RejectionReason.INVALID_NAME)).isEqualTo(9);
		assertThat(this.fixture.registry.getMeters()).isEmpty();
		assertThat(this.collector.getCollectorStats().rejected()).isEqualTo(9);
	}

	@Test
	void nullTags() {
		Map<String, Object> nullValue = new HashMap<>();
		nullValue.put("k", null);
		Map<String, Object> nullKey = new HashMap<>();
		nullKey.put(null, "v");

		this.collector.increment("a", 1, null);
		this.collector.gauge("b", 1, nullValue);
		this.collector.histogram("c", 1, nullKey);
		this.collector.timing("d", Duration.ZERO, null);
		this.collector.timer("e", null).stop();
		this.collector.timer("f").stop(null);
		this.collector.timer("g", nullValue).stop();

		assertThat(this.fixture.rejected(RejectionReason.NULL_TAG)).isEqualTo(7);
		assertThat(this.fixture.registry.getMeters()).isEmpty();
	}

	@Test
	void invalidTags() {
		this.collector.increment("a", 1, Map.of("k", new Object()));
		this.collector.increment("a", 1, Map.of("k", java.util.List.of("x")));
		this.collector.increment("a", 1, Map.of("", "v"));
		this.collector.increment("a", 1, Map.of("!!", "v"));
		this.collector.increment("a", 1, Map.of("ok", 'c'));

		assertThat(this.fixture.rejected(RejectionReason.INVALID_TAG)).isEqualTo(5);
		assertThat(this.fixture.registry.getMeters()).isEmpty();
	}

	@Test
	void tagKeysThatBreakAPrometheusScrape() {
		this.collector.timing("a", Duration.ZERO, Map.of("quantile", "0.99"));
		this.collector.histogram("a2", 1, Map.of("LE", "1"));
		this.collector.increment("b", 1, Map.of("user.id", "1", "user_id", "2"));
		this.collector.increment("b", 1, Map.of("user-id", "1", "user_id", "2"));
		this.collector.increment("b", 1, Map.of("9key", "1", "8key", "2"));
		this.collector.increment("b", 1, Map.of(".x", "1", "-x", "2"));

		assertThat(this.fixture.rejected(RejectionReason.INVALID_TAG)).isEqualTo(6);
		assertThat(this.fixture.registry.getMeters()).isEmpty();
	}

	@Test
	void tagKeysThatNormaliseToOneKeyAreStillOneTag() {
		Map<String, Object> tags = new java.util.LinkedHashMap<>();
		tags.put("Region", "eu");
		tags.put("region", "eu");
		tags.put("user id", "1");
		tags.put("User__Id", "1");
		this.collector.increment("b", 1, tags);

		assertThat(this.fixture.registry.get("b").counter().getId().getTags()).contains(Tag.of("region", "eu"),
				Tag.of("user_id", "1"));
		assertThat(this.fixture.recorded()).isEqualTo(1);
	}

	@Test
	void acceptedTagValueTypes() {
		this.collector.increment("a", 1, Map.of("s", "x", "i", 1, "d", 2.5, "b", false, "big",
				new java.math.BigDecimal("1e40"), "empty", ""));

		assertThat(this.fixture.registry.get("a").tag("i", "1").tag("d", "2.5").tag("b", "false").tag("empty", "")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void valuesThatAreNotFinite() {
		this.collector.increment("a", Double.NaN);
		this.collector.decrement("b", Double.POSITIVE_INFINITY);
		this.collector.gauge("c", Double.NEGATIVE_INFINITY);
		this.collector.gauge("c", Double.NaN);
		this.collector.histogram("d", Double.NaN);
		this.collector.businessMetric("e", Double.POSITIVE_INFINITY, MetricUnit.CURRENCY);
		this.collector.increment("a", Double.NEGATIVE_INFINITY);

		assertThat(this.fixture.rejected(RejectionReason.NOT_FINITE)).isEqualTo(7);
		assertThat(this.fixture.rejected(RejectionReason.NEGATIVE_VALUE)).isZero();
		assertThat(this.fixture.registry.getMeters()).isEmpty();
	}

	@Test
	void valuesThatOverflowWhenScaledToTheBaseUnit() {
		this.collector.histogram("a", Double.MAX_VALUE, MetricUnit.GIGABYTES, Map.of());
		this.collector.businessMetric("b", 1e306, MetricUnit.HOURS);
		this.collector.histogram("c", Double.MAX_VALUE, MetricUnit.BYTES, Map.of());

		assertThat(this.fixture.rejected(RejectionReason.NOT_FINITE)).isEqualTo(2);
		assertThat(this.fixture.registry.get("c").summary().max()).isEqualTo(Double.MAX_VALUE);
		assertThat(this.fixture.registry.find("a").meter()).isNull();
	}

	@Test
	void negativeValues() {
		this.collector.increment("a", -1);
		this.collector.decrement("b", -1);
		this.collector.histogram("c", -0.5);
		this.collector.businessMetric("d", -3, MetricUnit.CURRENCY);

		assertThat(this.fixture.rejected(RejectionReason.NEGATIVE_VALUE)).isEqualTo(4);
		assertThat(this.fixture.registry.getMeters()).isEmpty();
	}

	@Test
	void zeroIsAValidAmount() {
		this.collector.increment("a", 0);
		this.collector.histogram("c", -0.0);

		assertThat(this.fixture.recorded()).isEqualTo(2);
	}

	@Test
	void invalidDurations() {
		this.collector.timing("a", Duration.ofMillis(-1));
		this.collector.timing("a", (Duration) null);
		this.collector.timing("a", -5, TimeUnit.SECONDS, Map.of());
		this.collector.timing("a", Duration.ofSeconds(Long.MIN_VALUE));

		assertThat(this.fixture.rejected(RejectionReason.INVALID_DURATION)).isEqualTo(4);
		assertThat(this.fixture.registry.getMeters()).isEmpty();
	}

	@Test
	void missingUnits() {
		this.collector.timing("a", 5, null, Map.of());
		this.collector.histogram("b", 1, null, Map.of());
		this.collector.businessMetric("c", 1, null);

		assertThat(this.fixture.rejected(RejectionReason.INVALID_UNIT)).isEqualTo(3);
	}

	@Test
	void tooManyNames() {
		Fixture small = new Fixture((settings) -> settings.maxNames(2));
		small.collector.increment("a");
		small.collector.increment("b");
		small.collector.increment("c");
		small.collector.gauge("d", 1);
		small.collector.increment("a");

		assertThat(small.rejected(RejectionReason.TOO_MANY_NAMES)).isEqualTo(2);
		assertThat(small.registry.getMeters()).hasSize(2);
		assertThat(small.registry.get("a").counter().count()).isEqualTo(2);
		assertThat(small.collector.getCollectorStats().names()).isEqualTo(2);
	}

	@Test
	void rejectionsAreLoggedAtALimitedRate(CapturedOutput output) {
		this.collector.increment("a", Double.NaN);
		this.collector.increment("b", Double.NaN);
		this.collector.increment("c", Double.NaN);

		assertThat(lines(output, "[NOT_FINITE]")).isEqualTo(1);
		assertThat(output).contains("Metric 'a' was given NaN; values must be finite [NOT_FINITE]")
			.contains("at most one message per 60s per reason (bduf.metrics.rejection-log-interval)");

		this.fixture.advance(Duration.ofSeconds(59));
		this.collector.increment("d", Double.NaN);
		assertThat(lines(output, "[NOT_FINITE]")).isEqualTo(1);

		this.fixture.advance(Duration.ofSeconds(2));
		this.collector.increment("e", Double.NaN);
		assertThat(lines(output, "[NOT_FINITE]")).isEqualTo(2);
		assertThat(output).contains(
				"Metric 'e' was given NaN; values must be finite [NOT_FINITE]; 3 more rejected for this reason since the last message");
		assertThat(this.fixture.rejected(RejectionReason.NOT_FINITE)).isEqualTo(5);
	}

	@Test
	void eachReasonHasItsOwnLogRate(CapturedOutput output) {
		this.collector.increment("a", Double.NaN);
		this.collector.increment("a", -1);
		this.collector.increment("a", Double.NaN);
		this.collector.increment("a", -1);

		assertThat(lines(output, "[NOT_FINITE]")).isEqualTo(1);
		assertThat(lines(output, "[NEGATIVE_VALUE]")).isEqualTo(1);
	}

	@Test
	void rejectionsNeverThrow() {
		CollectorStats before = this.collector.getCollectorStats();
		this.collector.performance(null, null, null);
		this.collector.custom(null);
		this.collector.batch(null);
		this.collector.counter(null, null).increment();
		this.collector.timer(null, null).split(null, null);

		assertThat(this.collector.getCollectorStats().rejected()).isEqualTo(before.rejected() + 5);
	}

	private static long lines(CapturedOutput output, String marker) {
		return output.getOut().lines().filter((line) -> line.contains(marker)).count();
	}

}
