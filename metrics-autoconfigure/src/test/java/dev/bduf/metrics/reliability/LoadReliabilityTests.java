package dev.bduf.metrics.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.tracking.Tracked;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two threads record at full speed for a minute (by default; {@code -Dbduf.load.seconds}
 * changes it) in a Boot application with the starter's auto-configuration: one through
 * the facade (counters, timers, summaries, one NaN in a thousand), one through a
 * {@code @Tracked} method and a tag-explosion attack of one million distinct tag values on
 * one name. Every attempt is accounted for (recorded plus counted rejections), at least
 * 99.9% of the valid ones are recorded, and the heap does not grow once the cardinality
 * guard has capped the attacked name.
 * <p>
 * Skipped with {@code -Dbduf.skip-long-tests=true} (the extra CI lines).
 */
@DisabledIfSystemProperty(named = "bduf.skip-long-tests", matches = "true")
class LoadReliabilityTests {

	private static final int ATTACK_VALUES = 1_000_000;

	@Test
	void twoThreadsAtFullSpeedLoseNothingAndTheHeapStaysFlatUnderATagExplosion() throws Exception {
		long seconds = Long.getLong("bduf.load.seconds", 60);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LoadApplication.class)
			.web(WebApplicationType.NONE)
			.properties("bduf.metrics.cardinality.max-series-per-name=1000", "bduf.metrics.service-name=load")
			.run()) {
			MetricsCollector collector = context.getBean(MetricsCollector.class);
			Worker worker = context.getBean(Worker.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			CollectorStats before = collector.getCollectorStats();

			AtomicBoolean stop = new AtomicBoolean();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			long[] facadeCalls = new long[1];
			long[] nans = new long[1];
			long[] trackedCalls = new long[1];
			long[] attackCalls = new long[1];
			CountDownLatch attackDone = new CountDownLatch(1);

			Thread facade = new Thread(() -> {
				Map<String, Object> tags = new HashMap<>();
				String[] regions = { "eu", "us", "ap", "sa" };
				long i = 0;
				long n = 0;
				while (!stop.get()) {
					tags.put("region", regions[(int) (i & 3)]);
					tags.put("status", (i % 7 == 0) ? "error" : "ok");
					collector.increment("load.requests", 1, tags);
					collector.timing("load.latency", 1 + (i % 250), TimeUnit.MILLISECONDS, tags);
					double value = (i % 1000 == 999) ? Double.NaN : (i % 4096);
					if (Double.isNaN(value)) {
						n++;
					}
					collector.histogram("load.payload", value, tags);
					i++;
				}
				facadeCalls[0] = i * 3;
				nans[0] = n;
			}, "load-facade");
			Thread tracked = new Thread(() -> {
				Map<String, Object> tags = new HashMap<>();
				long calls = 0;
				long attack = 0;
				while (!stop.get()) {
					worker.work(calls);
					calls++;
					for (int k = 0; k < 8 && attack < ATTACK_VALUES; k++) {
						tags.put("user", "u-" + attack);
						collector.increment("load.attack", 1, tags);
						attack++;
						if (attack == ATTACK_VALUES) {
							attackDone.countDown();
						}
					}
				}
				trackedCalls[0] = calls;
				attackCalls[0] = attack;
			}, "load-tracked");
			Thread.UncaughtExceptionHandler handler = (thread, ex) -> failure.set(ex);
			facade.setUncaughtExceptionHandler(handler);
			tracked.setUncaughtExceptionHandler(handler);
			long started = System.nanoTime();
			facade.start();
			tracked.start();

			// Warm-up: the attack has passed the cap long before; take the heap baseline.
			Thread.sleep(Math.min(10, seconds / 3) * 1000);
			long baseline = usedHeapAfterGc();
			boolean attackFinished = attackDone.await(Math.max(1, seconds - Math.min(10, seconds / 3)),
					TimeUnit.SECONDS);
			long remaining = TimeUnit.SECONDS.toNanos(seconds) - (System.nanoTime() - started);
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.sleep(remaining);
			}
			stop.set(true);
			facade.join(30_000);
			tracked.join(30_000);
			double elapsed = (System.nanoTime() - started) / 1e9;
			long after = usedHeapAfterGc();
			assertThat(failure.get()).as("nothing thrown into the callers").isNull();

			CollectorStats stats = collector.getCollectorStats();
			long attempted = stats.attempted() - before.attempted();
			long recorded = stats.recorded() - before.recorded();
			long rejected = stats.rejected() - before.rejected();
			long notFinite = stats.rejectedByReason().get(RejectionReason.NOT_FINITE)
					- before.rejectedByReason().get(RejectionReason.NOT_FINITE);
			long ours = facadeCalls[0] + attackCalls[0] + trackedCalls[0];
			Timer trackedTimer = registry.find("load.work").timer();
			long overflowed = stats.overflowed() - before.overflowed();
			System.out.printf(
					"LoadReliabilityTests: %.1f s, %,d facade + %,d tracked + %,d attack calls = %,.0f events/s; "
							+ "attempted %,d = recorded %,d + rejected %,d (NaN %,d); overflowed %,d; "
							+ "attack finished: %s; heap after warm-up %,d B, at the end %,d B%n",
					elapsed, facadeCalls[0], trackedCalls[0], attackCalls[0], ours / elapsed, attempted, recorded,
					rejected, notFinite, overflowed, attackFinished, baseline, after);

			assertThat(trackedTimer).as("the @Tracked timer").isNotNull();
			assertThat(trackedTimer.count()).as("every tracked call timed").isEqualTo(trackedCalls[0]);
			assertThat(attempted).as("attempted = recorded + rejected").isEqualTo(recorded + rejected);
			assertThat(attempted).as("every call of the facade and the tracker is an attempt").isEqualTo(ours);
			assertThat(notFinite).as("the NaNs sent").isEqualTo(nans[0]);
			assertThat(rejected).as("nothing but the NaNs rejected").isEqualTo(nans[0]);
			assertThat((double) recorded / (attempted - nans[0])).as("valid events recorded").isGreaterThanOrEqualTo(0.999);
			assertThat(attackFinished).as("one million distinct tag values sent").isTrue();
			assertThat(stats.overflow()).containsKey("load.attack");
			assertThat(registry.find("load.attack").counters()).as("series of the attacked name").hasSizeLessThanOrEqualTo(1001);
			double attackTotal = registry.find("load.attack").counters().stream().mapToDouble((c) -> c.count()).sum();
			assertThat(attackTotal).as("every attack recording counted, in a series or the overflow")
				.isEqualTo(ATTACK_VALUES);
			assertThat(after - baseline).as("heap growth after warm-up, bytes").isLessThan(24L * 1024 * 1024);
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	@SpringBootApplication
	static class LoadApplication {

		@Bean
		Worker worker() {
			return new Worker();
		}

	}

	/**
	 * A tracked bean.
	 */
	static class Worker {

		@Tracked("load.work")
		long work(long n) {
			return n * 31;
		}

	}

}
