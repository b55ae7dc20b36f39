package dev.bduf.metrics.collector;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

	private final Names names = new Names();

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http.requests|http.requests", "HTTP.Requests|http.requests",
			"orders placed|orders_placed", "a  b|a_b", "a__b|a_b", "a_ _b|a_b", "__a__|a", "  a  |a",
			"a-b.c_d|a-b.c_d", "Café|caf", "größe|gr_e", "a/b\\c|a_b_c", "9lives|9lives", ".a.|.a.", "-a-|-a-",
			"a\u00a0b|a_b", "\ud83d\ude00smile|smile" })
	void normalises(String raw, String expected) {
		assertThat(this.names.normalize(raw)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "___", "...", "---", "._-", "éè", "\ud83d\ude00", "\u0000" })
	void rejectsNamesWithoutALetterOrDigit(String raw) {
		assertThat(this.names.normalize(raw)).isNull();
	}

	@Test
	void controlCharactersBecomeUnderscores() {
		assertThat(this.names.normalize("a\tb\nc\r")).isEqualTo("a_b_c");
	}

	@Test
	void normalisationIsIdempotent() {
		for (String raw : new String[] { "A b", "x__y", "_q_", "Größe 9" }) {
			String once = this.names.normalize(raw);
			assertThat(this.names.normalize(once)).isEqualTo(once);
		}
	}

	@Test
	void cachedAndUncachedAgree() {
		assertThat(this.names.normalize("Foo Bar")).isEqualTo("foo_bar").isSameAs(this.names.normalize("Foo Bar"));
		assertThat(Names.normalizeUncached("Foo Bar")).isEqualTo("foo_bar");
	}

	@Test
	void cacheIsBoundedButNormalisationGoesOn() {
		for (int i = 0; i < 20_000; i++) {
			assertThat(this.names.normalize("Name " + i)).isEqualTo("name_" + i);
		}
		assertThat(this.names.normalize("Name 19999")).isEqualTo("name_19999");
	}

}
