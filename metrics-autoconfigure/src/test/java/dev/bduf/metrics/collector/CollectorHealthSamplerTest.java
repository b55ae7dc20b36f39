package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bduf.metrics.CollectorHealth;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class CollectorHealthSamplerTest {

	private static final String THREAD_NAME = "bduf-metrics-health-sampler";

	@Test
	void scheduledSamplesLetOldRejectionsLeaveTheWindow() {
		DefaultMetricsCollector collector = new DefaultMetricsCollector(new SimpleMeterRegistry(),
				CollectorSettings.builder().healthWindow(Duration.ofMillis(200)).healthMinAttempts(10).build(),
				Clock.SYSTEM);
		for (int i = 0; i < 100_000; i++) {
			collector.gauge("temperature", Double.NaN);
		}
		assertThat(collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.DEGRADED);

		CollectorHealthSampler sampler = new CollectorHealthSampler(collector);
		sampler.start();
		try {
			// 100 good recordings could never outweigh 100,000 rejections: only a window
			// that moved past them, sample by sample, makes the collector UP again
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				for (int i = 0; i < 100; i++) {
					collector.gauge("temperature", 21);
				}
				assertThat(collector.getCollectorHealth().status()).isEqualTo(CollectorHealth.Status.UP);
			});
		}
		finally {
			sampler.stop();
		}
	}

	@Test
	void aSampleThatThrowsDoesNotStopTheNextOnes(CapturedOutput output) {
		AtomicInteger calls = new AtomicInteger();
		CollectorHealthSampler sampler = new CollectorHealthSampler(() -> {
			if (calls.incrementAndGet() <= 3) {
				throw new IllegalStateException("boom " + calls.get());
			}
		}, Duration.ofMillis(5));
		sampler.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 6);
			assertThat(sampler.getFailures()).isEqualTo(3);
			assertThat(sampler.isRunning()).isTrue();
			// warned once, not once per failure
			assertThat(output).containsOnlyOnce("Sampling the metrics collector's health failed")
				.contains("boom 1")
				.doesNotContain("boom 2");
		}
		finally {
			sampler.stop();
		}
	}

	@Test
	void noThreadBeforeStartNorAfterStop() {
		AtomicInteger calls = new AtomicInteger();
		// threads of other samplers in this JVM (contexts of other tests) are not ours
		long others = samplerThreads();
		CollectorHealthSampler sampler = new CollectorHealthSampler(calls::incrementAndGet, Duration.ofMillis(5));
		assertThat(sampler.isRunning()).isFalse();
		assertThat(samplerThreads()).isEqualTo(others);
		assertThat(sampler.isAutoStartup()).isTrue();

		sampler.start();
		sampler.start();
		assertThat(sampler.isRunning()).isTrue();
		assertThat(samplerThreads()).isEqualTo(others + 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > 0);

		sampler.stop();
		assertThat(sampler.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> samplerThreads() == others);
		int after = calls.get();
		sampler.stop();

		// and it can start again, as a context that is stopped and started does
		sampler.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() > after);
		sampler.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> samplerThreads() == others);
	}

	static long samplerThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().equals(THREAD_NAME)
				&& thread.isAlive()).count();
	}

}
