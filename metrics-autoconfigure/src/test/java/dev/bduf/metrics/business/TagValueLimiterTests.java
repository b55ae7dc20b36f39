package dev.bduf.metrics.business;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TagValueLimiterTests {

	@Test
	void normalisesAndBounds() {
		TagValueLimiter limiter = new TagValueLimiter(2, false);

		assertThat(limiter.value(" Retail ")).isEqualTo("retail");
		assertThat(limiter.value(null)).isEqualTo("unknown");
		assertThat(limiter.value("  ")).isEqualTo("unknown");
		assertThat(limiter.value("x".repeat(100))).hasSize(TagValueLimiter.MAX_LENGTH);
		assertThat(limiter.value("health")).isEqualTo("other");
		assertThat(limiter.value(" Retail ")).isEqualTo("retail");
		assertThat(limiter.size()).isEqualTo(2);
		assertThat(new TagValueLimiter(3, true).value("usd")).isEqualTo("USD");
	}

	@Test
	void neverHoldsMoreThanTheBoundUnderContention() throws Exception {
		TagValueLimiter limiter = new TagValueLimiter(50, false);
		Set<String> seen = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 8; t++) {
			int thread = t;
			pool.submit(() -> {
				start.await();
				for (int i = 0; i < 2_000; i++) {
					seen.add(limiter.value("v" + ((i * 7 + thread) % 500)));
				}
				return null;
			});
		}
		start.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		seen.remove(TagValueLimiter.OTHER);
		assertThat(seen).hasSizeLessThanOrEqualTo(50);
		assertThat(limiter.size()).isLessThanOrEqualTo(50);
	}

}
