package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A collector over a {@link SimpleMeterRegistry} and a {@link MockClock}, for tests.
 */
final class Fixture {

	static final Map<String, String> DEFAULT_TAGS = Map.of("service", "svc", "version", "1.0", "environment", "test",
			"instance", "host-1");

	final MockClock clock = new MockClock();

	final MeterRegistry registry;

	final DefaultMetricsCollector collector;

	Fixture() {
		this((settings) -> {
		});
	}

	Fixture(Consumer<CollectorSettings.Builder> customizer) {
		this(null, customizer);
	}

	Fixture(MeterRegistry registry, Consumer<CollectorSettings.Builder> customizer) {
		this.registry = (registry != null) ? registry : new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);
		// as the application's MeterFilter does: the collector itself never adds them
		DEFAULT_TAGS.forEach((key, value) -> this.registry.config().commonTags(key, value));
		CollectorSettings.Builder settings = CollectorSettings.builder()
			.defaultTags(DEFAULT_TAGS)
			.consistentTagKeys(true);
		customizer.accept(settings);
		this.collector = new DefaultMetricsCollector(this.registry, settings.build(), this.clock);
	}

	long rejected(RejectionReason reason) {
		return this.collector.getCollectorStats().rejectedByReason().get(reason);
	}

	long recorded() {
		return this.collector.getCollectorStats().recorded();
	}

	void advance(Duration duration) {
		this.clock.add(duration);
	}

}
