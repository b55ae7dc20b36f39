package dev.bduf.metrics.collector;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultTagsMeterFilterTest {

	private final DefaultTagsMeterFilter filter = new DefaultTagsMeterFilter(
			Map.of("service", "shop", "version", "1.2", "environment", "prod", "instance_id", "web-01-0"));

	@Test
	void addsTheTagsToEveryMeterOfARegistry() {
		MeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(this.filter);
		registry.counter("jobs").increment();
		registry.timer("jvm.gc.pause", "cause", "alloc");
		assertThat(registry.get("jobs").counter().getId().getTags()).containsExactlyInAnyOrder(
				Tag.of("service", "shop"), Tag.of("version", "1.2"), Tag.of("environment", "prod"),
				Tag.of("instance_id", "web-01-0"));
		assertThat(registry.get("jvm.gc.pause").tag("service", "shop").tag("cause", "alloc").timer()).isNotNull();
	}

	@Test
	void aMetersOwnTagWins() {
		Meter.Id id = this.filter.map(new Meter.Id("jobs", io.micrometer.core.instrument.Tags.of("service", "mine"),
				null, null, Meter.Type.COUNTER));
		assertThat(id.getTag("service")).isEqualTo("mine");
		assertThat(id.getTag("instance_id")).isEqualTo("web-01-0");
	}

	@Test
	void commonTagsAppliedEitherBeforeOrAfterWinBecauseTheirKeysAreLeftOut() {
		// What the auto-configuration does with management.metrics.tags.service=boot
		DefaultTagsMeterFilter withoutService = new DefaultTagsMeterFilter(Map.of("version", "1.2"));
		MeterFilter common = MeterFilter.commonTags(java.util.List.of(Tag.of("service", "boot")));
		MeterRegistry after = new SimpleMeterRegistry();
		after.config().meterFilter(common).meterFilter(withoutService);
		MeterRegistry before = new SimpleMeterRegistry();
		before.config().meterFilter(withoutService).meterFilter(common);
		for (MeterRegistry registry : new MeterRegistry[] { after, before }) {
			assertThat(registry.counter("jobs").getId().getTags()).containsExactlyInAnyOrder(Tag.of("service", "boot"),
					Tag.of("version", "1.2"));
		}
	}

	@Test
	void appliedTwiceChangesNothingMore() {
		Meter.Id id = new Meter.Id("jobs", io.micrometer.core.instrument.Tags.of("k", "v"), null, null,
				Meter.Type.COUNTER);
		Meter.Id once = this.filter.map(id);
		assertThat(this.filter.map(once)).isSameAs(once);
		assertThat(once.getTags()).hasSize(5);
	}

	@Test
	void blankKeysAndValuesAreLeftOut() {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("service", "shop");
		tags.put("version", " ");
		tags.put("", "x");
		tags.put("environment", null);
		DefaultTagsMeterFilter filter = new DefaultTagsMeterFilter(tags);
		assertThat(filter.getTags()).containsExactly(Map.entry("service", "shop"));
		assertThat(filter).hasToString("DefaultTagsMeterFilter{service=shop}");
	}

	@Test
	void noTagsLeavesIdsAlone() {
		Meter.Id id = new Meter.Id("jobs", io.micrometer.core.instrument.Tags.empty(), null, null, Meter.Type.COUNTER);
		assertThat(new DefaultTagsMeterFilter(Map.of()).map(id)).isSameAs(id);
	}

}
