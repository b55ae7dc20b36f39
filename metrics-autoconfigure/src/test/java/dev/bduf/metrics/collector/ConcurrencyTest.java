package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads hammering the same and new series lose nothing and count everything.
 */
class ConcurrencyTest {

	private static final int THREADS = 4;

	private static final int EVENTS = 50_000;

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void everyEventIsAccountedFor() throws Exception {
		Fixture fixture = new Fixture((settings) -> settings.maxSeriesPerName(50));
		DefaultMetricsCollector collector = fixture.collector;
		CyclicBarrier start = new CyclicBarrier(THREADS);
		List<Callable<Void>> tasks = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			tasks.add(() -> {
				start.await();
				for (int i = 0; i < EVENTS; i++) {
					switch (i % 5) {
						case 0 -> collector.increment("shared");
						case 1 -> collector.increment("spread", 1, Map.of("k", (i / 5) % 100));
						case 2 -> collector.increment("per.thread." + thread, 2, Map.of("t", thread));
						case 3 -> collector.decrement("gauge.updown", 1, Map.of("k", i % 3));
						default -> collector.increment("shared", Double.NaN);
					}
				}
				return null;
			});
		}
		for (Future<Void> future : this.executor.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
			future.get();
		}

		long perKind = (long) THREADS * EVENTS / 5;
		assertThat(fixture.registry.get("shared").counter().count()).isEqualTo(perKind);
		// when "spread" overflows nothing moves: every increment is on a meter, exactly
		assertThat(fixture.registry.get("spread").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(perKind);
		assertThat(fixture.registry.get("spread").counters()).hasSize(50 + 1);
		for (int t = 0; t < THREADS; t++) {
			assertThat(fixture.registry.get("per.thread." + t).counter().count()).isEqualTo(2.0 * EVENTS / 5);
		}
		assertThat(fixture.registry.get("gauge.updown").gauges().stream().mapToDouble((g) -> g.value()).sum())
			.isEqualTo(-perKind);
		CollectorStats stats = collector.getCollectorStats();
		assertThat(stats.attempted()).isEqualTo((long) THREADS * EVENTS);
		assertThat(stats.recorded()).isEqualTo(4 * perKind);
		assertThat(stats.rejectedByReason()).containsEntry(RejectionReason.NOT_FINITE, perKind);
		CollectorStats.Overflow spread = stats.overflow().get("spread");
		assertThat(spread.recordings()).isEqualTo(stats.overflowed());
		assertThat(spread.recordings()).isEqualTo(perKind / 100 * 50);
		assertThat(spread.droppedTagSets()).isEqualTo(50);
	}

	@Test
	void concurrentFirstCallsOnANewNameCreateOneSeries() throws Exception {
		for (int round = 0; round < 50; round++) {
			Fixture fixture = new Fixture();
			CyclicBarrier start = new CyclicBarrier(THREADS);
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				tasks.add(() -> {
					start.await();
					for (int i = 0; i < 100; i++) {
						fixture.collector.increment("fresh", 1, Map.of("k", i % 10));
					}
					return null;
				});
			}
			for (Future<Void> future : this.executor.invokeAll(tasks, 1, TimeUnit.MINUTES)) {
				future.get();
			}
			assertThat(fixture.registry.get("fresh").counters()).hasSize(10);
			assertThat(fixture.registry.get("fresh").counters().stream().mapToDouble(Counter::count).sum())
				.isEqualTo(THREADS * 100);
		}
	}

	@Test
	void statsCanBeReadWhileSeriesAreAdded() throws Exception {
		Fixture fixture = new Fixture((settings) -> settings.maxSeriesPerName(100_000));
		CyclicBarrier start = new CyclicBarrier(THREADS);
		List<Callable<Void>> tasks = new ArrayList<>();
		for (int t = 0; t < THREADS - 1; t++) {
			int thread = t;
			tasks.add(() -> {
				start.await();
				for (int i = 0; i < 20_000; i++) {
					fixture.collector.increment("name." + (i % 20), 1, Map.of("t", thread, "i", i));
				}
				return null;
			});
		}
		tasks.add(() -> {
			start.await();
			for (int i = 0; i < 300; i++) {
				fixture.collector.getCollectorStats();
				fixture.collector.getCollectorHealth();
				fixture.advance(Duration.ofSeconds(1));
			}
			return null;
		});
		for (Future<Void> future : this.executor.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
			future.get();
		}
		assertThat(fixture.collector.getCollectorStats().series()).isEqualTo((THREADS - 1) * 20_000);
	}

}
