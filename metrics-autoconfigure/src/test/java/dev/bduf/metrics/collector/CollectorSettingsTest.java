package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CollectorSettingsTest {

	@Test
	void defaultsMatchTheProperties() {
		CollectorSettings settings = CollectorSettings.builder().build();

		assertThat(settings.defaultTags()).isEmpty();
		assertThat(settings.maxSeriesPerName()).isEqualTo(1000);
		assertThat(settings.maxNames()).isEqualTo(10_000);
		assertThat(settings.upDownCounters()).isEmpty();
		assertThat(settings.timerCpu()).isFalse();
		assertThat(settings.timerAllocation()).isFalse();
		assertThat(settings.rejectionLogInterval()).isEqualTo(Duration.ofMinutes(1));
		assertThat(settings.maxRejectionRatio()).isEqualTo(0.05);
		assertThat(settings.maxRegistryErrorRatio()).isEqualTo(0.01);
		assertThat(settings.healthWindow()).isEqualTo(Duration.ofMinutes(5));
		assertThat(settings.healthMinAttempts()).isEqualTo(100);
	}

	@Test
	void limitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> CollectorSettings.builder().maxSeriesPerName(0).build())
			.withMessageContaining("maxSeriesPerName");
		assertThatIllegalArgumentException().isThrownBy(() -> CollectorSettings.builder().maxNames(0).build())
			.withMessageContaining("maxNames");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CollectorSettings.builder().rejectionLogInterval(Duration.ofSeconds(-1)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CollectorSettings.builder().healthWindow(Duration.ZERO).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CollectorSettings.builder().healthWindow(Duration.ofSeconds(-1)).build());
	}

	@Test
	void collectionsAreCopied() {
		Map<String, String> tags = new HashMap<>(Map.of("service", "a"));
		List<String> upDown = new java.util.ArrayList<>(List.of("x"));
		CollectorSettings settings = CollectorSettings.builder().defaultTags(tags).upDownCounters(upDown).build();
		tags.put("version", "1");
		upDown.add("y");

		assertThat(settings.defaultTags()).containsOnlyKeys("service");
		assertThat(settings.upDownCounters()).containsExactly("x");
	}

	@Test
	void defaultTagKeysAreNormalisedAndNullValuesSkipped() {
		Map<String, String> tags = new HashMap<>();
		tags.put("Service Name", "svc");
		tags.put("version", null);
		tags.put("!!", "junk");
		Fixture fixture = new Fixture(null, (settings) -> settings.defaultTags(tags));
		fixture.collector.increment("a");

		assertThat(fixture.registry.get("a").counter().getId().getTags()).extracting((tag) -> tag.getKey())
			.containsExactly("service_name");
	}

}
