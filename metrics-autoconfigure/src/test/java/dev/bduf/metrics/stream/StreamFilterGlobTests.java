package dev.bduf.metrics.stream;

import java.util.regex.Pattern;

import dev.bduf.metrics.test.RandomInputs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream's glob matcher: the same answers as the equivalent regular expression on
 * random globs and names, and no catastrophic backtracking on a glob built for it.
 */
class StreamFilterGlobTests {

	@Test
	void answersLikeTheEquivalentRegularExpression() {
		long seed = RandomInputs.seed(0);
		System.out.println("StreamFilterGlobTests seed " + seed);
		RandomInputs.withSeed(seed, (inputs) -> {
			for (int i = 0; i < 20_000; i++) {
				String glob = random(inputs, "ab.*?", 1 + inputs.nextInt(8));
				String name = random(inputs, "ab.", inputs.nextInt(10));
				assertThat(StreamFilter.glob(glob).test(name)).as("'%s' against '%s'", glob, name)
					.isEqualTo(regex(glob).matcher(name).matches());
			}
		});
	}

	@Test
	void aGlobMadeToBacktrackIsAnsweredAtOnce() {
		String glob = "*a".repeat(2_000) + "*b";
		String name = "a".repeat(3_000);
		// a regular expression .*a.*a...*b would not come back from this in any useful time
		assertThat(StreamFilter.glob(glob).test(name)).isFalse();
		assertThat(StreamFilter.glob(glob).test(name + "b")).isTrue();
		assertThat(StreamFilter.glob("a?c*").test("abcdef")).isTrue();
		assertThat(StreamFilter.glob("a?c*").test("ac")).isFalse();
	}

	private static String random(RandomInputs inputs, String alphabet, int length) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < length; i++) {
			out.append(alphabet.charAt(inputs.nextInt(alphabet.length())));
		}
		return out.toString();
	}

	private static Pattern regex(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toCharArray()) {
			regex.append((c == '*') ? ".*" : (c == '?') ? "." : Pattern.quote(String.valueOf(c)));
		}
		return Pattern.compile(regex.toString(), Pattern.DOTALL);
	}

}
