package dev.bduf.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MetricUnitCodesTest {

	@ParameterizedTest
	@CsvSource({ "ms,MILLISECONDS", "MS,MILLISECONDS", "s,SECONDS", "bytes,BYTES", "percent,PERCENT",
			"rps,REQUESTS_PER_SECOND", "usd,DOLLARS", "USD,DOLLARS", "points,POINTS", "' Points ',POINTS",
			"percentage,PERCENTAGE", "milliseconds,MILLISECONDS", "count,COUNT", "currency,CURRENCY",
			"requests_per_second,REQUESTS_PER_SECOND", "dollars,DOLLARS" })
	void fromCodeReadsCodesAndNamesIgnoringCase(String code, MetricUnit expected) {
		assertThat(MetricUnit.fromCode(code)).isEqualTo(expected);
	}

	@ParameterizedTest
	@EnumSource(MetricUnit.class)
	void everyCodeReadsBackToItsUnit(MetricUnit unit) {
		assertThat(MetricUnit.fromCode(unit.code())).isEqualTo(unit);
	}

	@Test
	void unknownCodeListsTheCodes() {
		assertThatIllegalArgumentException().isThrownBy(() -> MetricUnit.fromCode("furlongs"))
			.withMessageContaining("'furlongs'")
			.withMessageContaining("ms, s")
			.withMessageContaining("usd")
			.withMessageContaining("points");
		assertThatIllegalArgumentException().isThrownBy(() -> MetricUnit.fromCode(null))
			.withMessageContaining("rps");
	}

	@Test
	void percentageIsAnAliasOfPercent() {
		assertThat(MetricUnit.PERCENTAGE.canonical()).isEqualTo(MetricUnit.PERCENT);
		assertThat(MetricUnit.PERCENTAGE.baseUnit()).isEqualTo(MetricUnit.PERCENT.baseUnit());
		assertThat(MetricUnit.PERCENTAGE.toBaseUnit(42)).isEqualTo(42);
		assertThat(MetricUnit.SECONDS.canonical()).isEqualTo(MetricUnit.SECONDS);
	}

	@Test
	void newUnitsHaveTheirBaseUnits() {
		assertThat(MetricUnit.POINTS.baseUnit()).isEqualTo("points");
		assertThat(MetricUnit.REQUESTS_PER_SECOND.baseUnit()).isEqualTo("requests.per.second");
		assertThat(MetricUnit.DOLLARS.baseUnit()).isEqualTo("usd");
		assertThat(MetricUnit.DOLLARS.toBaseUnit(2.5)).isEqualTo(2.5);
	}

	@Test
	void moneyUnits() {
		assertThat(MetricUnit.DOLLARS.isMoney()).isTrue();
		assertThat(MetricUnit.CURRENCY.isMoney()).isTrue();
		assertThat(MetricUnit.POINTS.isMoney()).isFalse();
		assertThat(MetricUnit.DOLLARS.currencyCode()).isEqualTo("USD");
		assertThat(MetricUnit.CURRENCY.currencyCode()).isNull();
	}

}
