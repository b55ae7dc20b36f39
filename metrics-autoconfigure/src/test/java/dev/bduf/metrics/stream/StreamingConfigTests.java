package dev.bduf.metrics.stream;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.bduf.metrics.StreamingConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingConfigTests {

	@Test
	void defaultsAndCopies() {
		StreamingConfig config = new StreamingConfig(null, null, null, null);
		assertThat(config.names()).isEmpty();
		assertThat(config.tags()).isEmpty();
		assertThat(config.interval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.mode()).isEqualTo(StreamingConfig.Mode.DELTAS);
		Map<String, String> tags = new HashMap<>();
		tags.put("a", "1");
		tags.put("b", null);
		StreamingConfig copied = new StreamingConfig(Arrays.asList("x", null), tags, Duration.ofSeconds(2),
				StreamingConfig.Mode.VALUES);
		assertThat(copied.names()).containsExactly("x");
		assertThat(copied.tags()).containsExactly(Map.entry("a", "1"));
		assertThat(StreamingConfig.of("a").withNames("b").withTags(Map.of("k", "v")).withInterval(Duration.ofMinutes(1))
			.withMode(StreamingConfig.Mode.VALUES)).isEqualTo(new StreamingConfig(java.util.List.of("b"),
					Map.of("k", "v"), Duration.ofMinutes(1), StreamingConfig.Mode.VALUES));
	}

	@Test
	void problems() {
		assertThat(StreamingConfig.of("http.*").problem()).isNull();
		assertThat(StreamingConfig.of("").problem()).isEqualTo("name must not be blank");
		assertThat(StreamingConfig.of("a\tb").problem()).contains("white space");
		assertThat(StreamingConfig.of().withTags(Map.of(" ", "v")).problem()).isEqualTo("tag key must not be blank");
		assertThat(StreamingConfig.of().withInterval(Duration.ofDays(2)).problem()).contains("at most one day");
	}

}
