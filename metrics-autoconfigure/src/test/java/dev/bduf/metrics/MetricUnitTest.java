package dev.bduf.metrics;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricUnitTest {

	@ParameterizedTest
	@CsvSource({ "NANOSECONDS,1500,0.0000015,seconds", "MICROSECONDS,1500,0.0015,seconds",
			"MILLISECONDS,1500,1.5,seconds", "SECONDS,1.5,1.5,seconds", "MINUTES,2,120,seconds",
			"HOURS,1,3600,seconds", "BYTES,10,10,bytes", "KILOBYTES,2,2048,bytes", "MEGABYTES,1,1048576,bytes",
			"GIGABYTES,1,1073741824,bytes", "PERCENT,50,50,percent", "RATIO,0.5,0.5,ratio",
			"CURRENCY,9.99,9.99,currency", "USERS,3,3,users", "REQUESTS,3,3,requests",
			"OPERATIONS,3,3,operations", "EVENTS,3,3,events", "ERRORS,3,3,errors", "TASKS,3,3,tasks",
			"MESSAGES,3,3,messages", "ITEMS,3,3,items" })
	void scalesToItsBaseUnit(MetricUnit unit, double value, double expected, String baseUnit) {
		assertThat(unit.toBaseUnit(value)).isCloseTo(expected, within(expected * 1e-12));
		assertThat(unit.baseUnit()).isEqualTo(baseUnit);
	}

	@Test
	void countHasNoBaseUnit() {
		assertThat(MetricUnit.COUNT.baseUnit()).isNull();
		assertThat(MetricUnit.COUNT.toBaseUnit(7)).isEqualTo(7);
		assertThat(MetricUnit.COUNT.isTime()).isFalse();
		assertThat(MetricUnit.COUNT.timeUnit()).isNull();
	}

	@ParameterizedTest
	@EnumSource(value = MetricUnit.class, names = { "NANOSECONDS", "MICROSECONDS", "MILLISECONDS", "SECONDS",
			"MINUTES", "HOURS" })
	void timeUnitsMapToTimeUnit(MetricUnit unit) {
		assertThat(unit.isTime()).isTrue();
		TimeUnit timeUnit = unit.timeUnit();
		assertThat(timeUnit.name()).isEqualTo(unit.name());
		assertThat(unit.toBaseUnit(1)).isEqualTo(timeUnit.toNanos(1) / 1e9);
	}

	@ParameterizedTest
	@EnumSource(value = MetricUnit.class, mode = EnumSource.Mode.EXCLUDE, names = { "NANOSECONDS", "MICROSECONDS",
			"MILLISECONDS", "SECONDS", "MINUTES", "HOURS" })
	void otherUnitsAreNotTime(MetricUnit unit) {
		assertThat(unit.isTime()).isFalse();
		assertThat(unit.timeUnit()).isNull();
	}

}
