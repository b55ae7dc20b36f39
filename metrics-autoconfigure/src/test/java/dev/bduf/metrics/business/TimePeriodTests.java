package dev.bduf.metrics.business;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TimePeriodTests {

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void isoLengthsEndNow() {
		assertThat(TimePeriod.parse("P7D", null, null, this.clock))
			.isEqualTo(new TimePeriod(NOW.minus(Duration.ofDays(7)), NOW));
		assertThat(TimePeriod.parse("pt12h", null, null, this.clock))
			.isEqualTo(new TimePeriod(NOW.minus(Duration.ofHours(12)), NOW));
		assertThat(TimePeriod.parse("P1M", null, null, this.clock))
			.isEqualTo(new TimePeriod(Instant.parse("2026-02-10T12:00:00Z"), NOW));
		assertThat(TimePeriod.parse(null, null, null, this.clock))
			.isEqualTo(new TimePeriod(NOW.minus(Duration.ofDays(1)), NOW));
	}

	@Test
	void fromAndTo() {
		assertThat(TimePeriod.parse(null, "2026-03-01", "2026-03-02T06:00:00Z", this.clock)).isEqualTo(
				new TimePeriod(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T06:00:00Z")));
		assertThat(TimePeriod.parse("", "2026-03-01T00:00:00Z", null, this.clock))
			.isEqualTo(new TimePeriod(Instant.parse("2026-03-01T00:00:00Z"), NOW));
	}

	@Test
	void badPeriodsSayWhy() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimePeriod.parse("7 days", null, null, this.clock))
			.withMessageContaining("ISO-8601");
		assertThatIllegalArgumentException().isThrownBy(() -> TimePeriod.parse("-P7D", null, null, this.clock))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> TimePeriod.parse("P7D", "2026-03-01", null, this.clock))
			.withMessageContaining("not both");
		assertThatIllegalArgumentException().isThrownBy(() -> TimePeriod.parse(null, null, "2026-03-01", this.clock))
			.withMessageContaining("'to' needs a 'from'");
		assertThatIllegalArgumentException().isThrownBy(() -> TimePeriod.parse(null, "yesterday", null, this.clock))
			.withMessageContaining("'from' must be an instant");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TimePeriod.parse(null, "2026-03-05", "2026-03-01", this.clock))
			.withMessageContaining("must be before");
		assertThatIllegalArgumentException().isThrownBy(() -> new TimePeriod(null, NOW));
	}

	@Test
	void daysAreUtcAndTheEndIsExcluded() {
		TimePeriod period = new TimePeriod(Instant.parse("2026-03-01T23:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));

		assertThat(period.firstDay()).isEqualTo(LocalDate.of(2026, 3, 1));
		assertThat(period.lastDay()).isEqualTo(LocalDate.of(2026, 3, 2));
	}

}
