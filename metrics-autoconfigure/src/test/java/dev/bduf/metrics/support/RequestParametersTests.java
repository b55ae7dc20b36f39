package dev.bduf.metrics.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared parsing of HTTP query parameters.
 */
class RequestParametersTests {

	@Test
	void parsesDurationsInEveryStyle() {
		assertThat(RequestParameters.duration("step", " 30s ", "30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(RequestParameters.duration("step", "PT1M", "30s")).isEqualTo(Duration.ofMinutes(1));
		assertThat(RequestParameters.duration("step", null, "30s")).isNull();
		assertThat(RequestParameters.duration("step", " ", "30s")).isNull();
	}

	@Test
	void aBadDurationNamesTheParameterAndGivesExamples() {
		assertThatIllegalArgumentException().isThrownBy(() -> RequestParameters.duration("interval", "soon", "1s or PT5S"))
			.withMessage("interval must be a duration such as 1s or PT5S, got 'soon'");
	}

	@Test
	void splitsCommaSeparatedValues() {
		assertThat(RequestParameters.commaSeparated(" a, ,b,")).containsExactly("a", "b");
		assertThat(RequestParameters.commaSeparated(null)).isEmpty();
		List<String> items = new ArrayList<>(List.of("x"));
		assertThat(RequestParameters.commaSeparated("y,z", items)).isSameAs(items).containsExactly("x", "y", "z");
	}

}
