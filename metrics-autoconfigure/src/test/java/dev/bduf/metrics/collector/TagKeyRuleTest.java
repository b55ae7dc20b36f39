package dev.bduf.metrics.collector;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TagKeyRuleTest {

	private static final boolean PROMETHEUS_BEFORE_1_17 = !TagKeyRule
		.atLeast(PrometheusMeterRegistry.class.getPackage().getImplementationVersion(), 1, 17);

	@Test
	void versionsAreComparedByMajorAndMinor() {
		assertThat(TagKeyRule.atLeast("1.17.2", 1, 17)).isTrue();
		assertThat(TagKeyRule.atLeast("1.17.0-RC1", 1, 17)).isTrue();
		assertThat(TagKeyRule.atLeast("2.0", 1, 17)).isTrue();
		assertThat(TagKeyRule.atLeast("1.16.6", 1, 17)).isFalse();
		assertThat(TagKeyRule.atLeast("0.99", 1, 17)).isFalse();
		assertThat(TagKeyRule.atLeast(null, 1, 17)).as("unknown: assume the older rule").isFalse();
		assertThat(TagKeyRule.atLeast("dev-build", 1, 17)).isFalse();
	}

	@Test
	void aRegistryWithoutPrometheusTakesAnyKeys() {
		assertThat(TagKeyRule.requiresConsistentKeys(new SimpleMeterRegistry())).isFalse();
		assertThat(TagKeyRule.requiresConsistentKeys(new CompositeMeterRegistry())).isFalse();
	}

	@Test
	void prometheusNeedsConsistentKeysBeforeMicrometer117EvenInsideAComposite() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		CompositeMeterRegistry composite = new CompositeMeterRegistry();
		composite.add(new SimpleMeterRegistry());
		composite.add(prometheus);

		assertThat(TagKeyRule.requiresConsistentKeys(prometheus)).isEqualTo(PROMETHEUS_BEFORE_1_17);
		assertThat(TagKeyRule.requiresConsistentKeys(composite)).isEqualTo(PROMETHEUS_BEFORE_1_17);
	}

	@Test
	void aSettingOverridesTheDetection() {
		SeriesRegistrar forced = new SeriesRegistrar(new SimpleMeterRegistry(),
				CollectorSettings.builder().consistentTagKeys(true).build(), io.micrometer.core.instrument.Clock.SYSTEM);
		SeriesRegistrar free = new SeriesRegistrar(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
				CollectorSettings.builder().consistentTagKeys(false).build(), io.micrometer.core.instrument.Clock.SYSTEM);

		assertThat(forced.requiresConsistentTagKeys()).isTrue();
		assertThat(free.requiresConsistentTagKeys()).isFalse();
	}

}
