package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.storage.StorageState;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsCollectorHealthIndicatorTests {

	private final MockClock clock = new MockClock();

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(new SimpleMeterRegistry(),
			CollectorSettings.builder().healthMinAttempts(10).maxRejectionRatio(0.1).build(), this.clock);

	private final MetricsCollectorHealthIndicator indicator = new MetricsCollectorHealthIndicator(this.collector);

	@Test
	void upWhileRecordingsAreAccepted() {
		for (int i = 0; i < 20; i++) {
			this.collector.increment("orders", 1, Map.of());
		}
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("attempts", 20L).containsEntry("rejectionRatio", 0.0);
	}

	@Test
	void degradedWithReasonWhenTooManyRecordingsAreRejected() {
		for (int i = 0; i < 10; i++) {
			this.collector.increment("orders", 1, Map.of());
			this.collector.increment("orders", Double.NaN, Map.of());
		}
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(MetricsCollectorHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("rejectionRatio", 0.5);
		assertThat(health.getDetails().get("reasons")).asString()
			.contains("50.0% of recordings were rejected")
			.contains("bduf.metrics.health.max-rejection-ratio");
	}

	@Test
	void upAgainOnceTheBadRecordingsLeaveTheWindow() {
		for (int i = 0; i < 20; i++) {
			this.collector.increment("orders", Double.NaN, Map.of());
		}
		assertThat(this.indicator.health().getStatus()).isEqualTo(MetricsCollectorHealthIndicator.DEGRADED);
		for (int minute = 0; minute < 12; minute++) {
			this.clock.add(Duration.ofMinutes(1));
			for (int i = 0; i < 20; i++) {
				this.collector.increment("orders", 1, Map.of());
			}
			this.indicator.health();
		}
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aFailingStorageDegradesTheComponentWithAReasonAndItsStateIsShown() {
		AtomicReference<StorageState> state = new AtomicReference<>(
				new StorageState("redis", null, 0, 3, 1, Duration.ofSeconds(20),
						"Unable to connect to 127.0.0.1:1"));
		MetricsCollectorHealthIndicator indicator = new MetricsCollectorHealthIndicator(this.collector, null, state::get);
		Health degraded = indicator.health();
		assertThat(degraded.getStatus()).isEqualTo(MetricsCollectorHealthIndicator.DEGRADED);
		assertThat(degraded.getDetails().get("reasons")).asString()
			.contains("History storage 'redis' is failing (Unable to connect to 127.0.0.1:1)")
			.contains("3 snapshot(s) buffered, 1 dropped");
		assertThat(degraded.getDetails().get("storage")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("backend", "redis")
			.containsEntry("buffered", 3L)
			.containsEntry("lag", "PT20S")
			.containsEntry("lastError", "Unable to connect to 127.0.0.1:1");
		state.set(new StorageState("redis", Instant.EPOCH, 3, 0, 1, Duration.ZERO,
				null));
		Health up = indicator.health();
		assertThat(up.getStatus()).as("recovered: past drops stay counted, the status is up").isEqualTo(Status.UP);
		assertThat(up.getDetails().get("storage")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("dropped", 1L)
			.containsEntry("lastWrite", "1970-01-01T00:00:00Z");
		MetricsCollectorHealthIndicator broken = new MetricsCollectorHealthIndicator(this.collector, null, () -> {
			throw new IllegalStateException("boom");
		});
		assertThat(broken.health().getStatus()).isEqualTo(MetricsCollectorHealthIndicator.DEGRADED);
		assertThat(this.indicator.health().getDetails()).doesNotContainKey("storage");
	}

}
