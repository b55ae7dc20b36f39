package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DroppedTagSetsTest {

	private final DroppedTagSets sets = new DroppedTagSets();

	@Test
	void aTagSetSeenAgainIsCountedOnce() {
		for (int i = 0; i < 3; i++) {
			this.sets.add(Map.of("user", "ann"));
			this.sets.add(Map.of("user", "bob"));
		}

		assertThat(this.sets.count()).isEqualTo(2);
		assertThat(this.sets.samples()).containsExactly(Map.of("user", "ann"), Map.of("user", "bob"));
	}

	@Test
	void samplesStopAtTenAndTheCountIsExactWhileTracked() {
		for (int i = 0; i < DroppedTagSets.TRACKED; i++) {
			this.sets.add(Map.of("user", "u" + i));
			this.sets.add(Map.of("user", "u" + i));
		}

		assertThat(this.sets.count()).isEqualTo(DroppedTagSets.TRACKED);
		assertThat(this.sets.samples()).hasSize(DroppedTagSets.SAMPLES).first().isEqualTo(Map.of("user", "u0"));
	}

	@Test
	void pastWhatItTracksTheCountIsAnUpperBound() {
		for (int i = 0; i < DroppedTagSets.TRACKED; i++) {
			this.sets.add(Map.of("user", "u" + i));
		}
		this.sets.add(Map.of("user", "u0"));
		this.sets.add(Map.of("user", "late"));
		this.sets.add(Map.of("user", "late"));

		assertThat(this.sets.count()).as("a set tracked before is still known; a new one counts each time")
			.isEqualTo(DroppedTagSets.TRACKED + 2);
	}

	@Test
	void threadsAddingTheSameSetsCountEachOnce() throws Exception {
		int threads = 4;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < 500; i++) {
						this.sets.add(Map.of("user", "u" + i));
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(1, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.sets.count()).isEqualTo(500);
		assertThat(this.sets.samples()).hasSize(DroppedTagSets.SAMPLES);
	}

}
