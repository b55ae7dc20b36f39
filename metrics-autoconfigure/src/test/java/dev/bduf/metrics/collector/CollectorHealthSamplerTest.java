package dev.bduf.metrics.collector;

import java.time.Duration;

import dev.bduf.metrics.CollectorHealth;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CollectorHealthSamplerTest {

	@Test
	void scheduledSamplesLetOldRejectionsLeaveTheWindow() {
		DefaultMetricsCollector collector = new DefaultMetricsCollector(new SimpleMeterRegistry(),
				CollectorSettings.builder().healthWindow(Duration.ofMillis(200)).healthMinAttempts(10).build(),
				Clock.SYSTEM);
		for (int i = 0; i < 100_000; i++) {
			collector.gauge("temperature", Double.NaN);
		}
		assertThat(collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.DEGRADED);

		try (CollectorHealthSampler sampler = new CollectorHealthSampler(collector)) {
			// 100 good recordings could never outweigh 100,000 rejections: only a window
			// that moved past them, sample by sample, makes the collector UP again
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				for (int i = 0; i < 100; i++) {
					collector.gauge("temperature", 21);
				}
				assertThat(collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.UP);
			});
		}
	}

}
