package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
	void defaultTagKeysAreNormalisedAndCountAsKeysOfEverySeries() {
		Map<String, String> tags = new HashMap<>();
		tags.put("Service Name", "svc");
		tags.put("!!", "junk");
		Fixture fixture = new Fixture(null, (settings) -> settings.defaultTags(tags));
		// the MeterFilter adds service_name to the first series, so one that sets it
		// itself has the same keys once registered
		fixture.collector.increment("a", 1, Map.of("region", "eu"));
		fixture.collector.increment("a", 1, Map.of("region", "us", "Service Name", "other"));

		assertThat(fixture.rejected(RejectionReason.TAG_KEYS_MISMATCH)).isZero();
		assertThat(fixture.registry.find("a").counters()).hasSize(2);
		assertThat(fixture.collector.getRegistrar().nameStats("a").tagKeys()).containsExactly("region",
				"service_name");
	}

	@Test
	void metersAreRegisteredWithTheDefaultTagsSoTheFilterLeavesTheirIdsAlone() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		DefaultMetricsCollector collector = new DefaultMetricsCollector(registry,
				CollectorSettings.builder().defaultTags(Map.of("service", "svc", "version", "1")).build(),
				Clock.SYSTEM);
		collector.increment("a");
		collector.increment("b", 1, Map.of("service", "mine"));

		assertThat(registry.get("a").counter().getId().getTags())
			.containsExactly(io.micrometer.core.instrument.Tag.of("service", "svc"),
					io.micrometer.core.instrument.Tag.of("version", "1"));
		assertThat(registry.get("b").counter().getId().getTag("service")).as("the caller's own tag wins")
			.isEqualTo("mine");
	}

	@Test
	void settingsHandNoMutableMapOut() {
		Map<String, String> tags = new HashMap<>(Map.of("service", "svc"));
		CollectorSettings settings = CollectorSettings.builder().defaultTags(tags).build();
		tags.put("version", "2");

		assertThat(settings.defaultTags()).containsOnlyKeys("service");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> settings.defaultTags().put("x", "y"));
	}

}
