package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.BoundCounter;
import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A registry that throws never breaks the caller; it shows in the stats and the health.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistryFailureTest {

	@Test
	void aFailingRegistrationIsCountedNotThrown(CapturedOutput output) {
		Fixture fixture = new Fixture(failingOnRegistration(), (settings) -> {
		});

		assertThatNoException().isThrownBy(() -> {
			fixture.collector.increment("bad.counter");
			fixture.collector.decrement("bad.updown");
			fixture.collector.gauge("bad.gauge", 1);
			fixture.collector.histogram("bad.histogram", 1);
			fixture.collector.businessMetric("bad.business", 1, MetricUnit.CURRENCY);
			fixture.collector.timing("bad.timer", Duration.ofMillis(1));
			fixture.collector.timer("bad.handle").stop();
			fixture.collector.timer("good.handle").split("bad");
			fixture.collector.performance("bad.perf", PerformanceMeasurement.of(Duration.ofMillis(1)));
			fixture.collector.counter("bad.bound", Map.of()).increment();
		});
		fixture.collector.increment("good.counter");

		assertThat(fixture.rejected(RejectionReason.REGISTRY_ERROR)).isEqualTo(10);
		assertThat(fixture.recorded()).isEqualTo(1);
		assertThat(fixture.registry.get("good.counter").counter().count()).isEqualTo(1);
		assertThat(output).contains("failed in the meter registry; the value was dropped [REGISTRY_ERROR]")
			.contains("IllegalStateException: registry is broken");
	}

	@Test
	void aMeterThatThrowsIsCountedNotThrown() {
		ThrowingCounterRegistry registry = new ThrowingCounterRegistry(new MockClock());
		Fixture fixture = new Fixture(registry, (settings) -> {
		});
		fixture.collector.increment("c");
		BoundCounter bound = fixture.collector.counter("c", Map.of());
		registry.failing = true;

		assertThatNoException().isThrownBy(() -> {
			fixture.collector.increment("c");
			bound.increment();
			bound.increment(2);
		});

		assertThat(fixture.rejected(RejectionReason.REGISTRY_ERROR)).isEqualTo(3);
		assertThat(bound.count()).isEqualTo(1);
	}

	@Test
	void healthTurnsDegradedOverTheErrorThresholdAndRecovers() {
		ThrowingCounterRegistry registry = new ThrowingCounterRegistry(new MockClock());
		Fixture fixture = new Fixture(registry,
				(settings) -> settings.healthWindow(Duration.ofMinutes(5))
					.healthMinAttempts(100)
					.maxRegistryErrorRatio(0.01)
					.maxRejectionRatio(0.5));
		DefaultMetricsCollector collector = fixture.collector;
		assertThat(collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.UP);

		registry.failing = true;
		for (int i = 0; i < 50; i++) {
			collector.increment("c");
		}
		CollectorHealth fewAttempts = collector.getCollectorHealth();
		assertThat(fewAttempts.status()).as("under healthMinAttempts").isEqualTo(CollectorHealth.Status.UP);
		assertThat(fewAttempts.attempts()).isEqualTo(50);
		assertThat(fewAttempts.registryErrorRatio()).isEqualTo(1.0);

		registry.failing = false;
		for (int i = 0; i < 950; i++) {
			collector.increment("c");
		}
		CollectorHealth degraded = collector.getCollectorHealth();
		assertThat(degraded.status()).isEqualTo(CollectorHealth.Status.DEGRADED);
		assertThat(degraded.attempts()).isEqualTo(1000);
		assertThat(degraded.registryErrorRatio()).isEqualTo(0.05);
		assertThat(degraded.reasons()).singleElement()
			.asString()
			.contains("5.0% of recordings failed in the meter registry")
			.contains("bduf.metrics.health.max-registry-error-ratio");

		// clean traffic while health is checked every 30 seconds
		CollectorHealth health = degraded;
		int checks = 0;
		while (health.status() == CollectorHealth.Status.DEGRADED && checks < 100) {
			fixture.advance(Duration.ofSeconds(30));
			for (int i = 0; i < 100; i++) {
				collector.increment("c");
			}
			health = collector.getCollectorHealth();
			checks++;
		}
		assertThat(health.status()).isEqualTo(CollectorHealth.Status.UP);
		assertThat(health.reasons()).isEmpty();
		assertThat(health.registryErrorRatio()).isZero();
		assertThat(Duration.ofSeconds(30L * checks)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
	}

	@Test
	void errorsOlderThanTheWindowDoNotCountWhenHealthIsSampledOnSchedule() {
		ThrowingCounterRegistry registry = new ThrowingCounterRegistry(new MockClock());
		Fixture fixture = new Fixture(registry, (settings) -> settings.healthWindow(Duration.ofMinutes(5))
			.healthMinAttempts(100)
			.maxRegistryErrorRatio(0.01));
		registry.failing = true;
		for (int i = 0; i < 500; i++) {
			fixture.collector.increment("c");
		}
		registry.failing = false;
		assertThat(fixture.collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.DEGRADED);

		// a quiet hour in which nobody asks for health, while the scheduled sampler
		// (CollectorHealthSampler, every tenth of the window) keeps the window moving
		for (int tick = 0; tick < 120; tick++) {
			fixture.advance(fixture.collector.healthSampleInterval());
			fixture.collector.sampleHealth();
		}
		for (int i = 0; i < 10_000; i++) {
			fixture.collector.increment("c");
		}

		assertThat(fixture.collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.UP);
	}

	@Test
	void healthTurnsDegradedOverTheRejectionThreshold() {
		Fixture fixture = new Fixture(
				(settings) -> settings.healthMinAttempts(10).maxRejectionRatio(0.1).healthWindow(Duration.ofMinutes(1)));
		for (int i = 0; i < 8; i++) {
			fixture.collector.increment("ok");
		}
		fixture.collector.increment("bad", Double.NaN);
		fixture.collector.increment("bad", -1);
		assertThat(fixture.collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.DEGRADED);
		assertThat(fixture.collector.getCollectorHealth().rejectionRatio()).isEqualTo(0.2);
		assertThat(fixture.collector.getCollectorHealth().reasons()).singleElement()
			.asString()
			.contains("20.0% of recordings were rejected (threshold 10.0%, bduf.metrics.health.max-rejection-ratio)");
	}

	@Test
	void exactlyAtTheThresholdIsStillUp() {
		Fixture fixture = new Fixture((settings) -> settings.healthMinAttempts(10).maxRejectionRatio(0.1));
		for (int i = 0; i < 9; i++) {
			fixture.collector.increment("ok");
		}
		fixture.collector.increment("bad", Double.NaN);

		CollectorHealth health = fixture.collector.getCollectorHealth();
		assertThat(health.rejectionRatio()).isEqualTo(0.1);
		assertThat(health.status()).isEqualTo(CollectorHealth.Status.UP);
	}

	private static SimpleMeterRegistry failingOnRegistration() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				if (id.getName().startsWith("bad") || id.getName().endsWith(".bad")) {
					throw new IllegalStateException("registry is broken");
				}
				return id;
			}
		});
		return registry;
	}

	/**
	 * A registry whose counters throw on increment while {@link #failing} is set.
	 */
	static final class ThrowingCounterRegistry extends SimpleMeterRegistry {

		volatile boolean failing;

		ThrowingCounterRegistry(MockClock clock) {
			super(SimpleConfig.DEFAULT, clock);
		}

		@Override
		protected Counter newCounter(Meter.Id id) {
			Counter real = super.newCounter(id);
			return new Counter() {
				@Override
				public void increment(double amount) {
					if (ThrowingCounterRegistry.this.failing) {
						throw new IllegalStateException("counter is broken");
					}
					real.increment(amount);
				}

				@Override
				public double count() {
					return real.count();
				}

				@Override
				public Id getId() {
					return real.getId();
				}
			};
		}

	}

	@Test
	void timeUnitsAreIrrelevantToFailures() {
		// a timer recorded through a failing registry is still accounted for exactly once
		Fixture fixture = new Fixture(failingOnRegistration(), (settings) -> {
		});
		fixture.collector.timing("bad.t", 1, TimeUnit.SECONDS, Map.of());

		assertThat(fixture.collector.getCollectorStats().attempted()).isEqualTo(1);
	}

}
