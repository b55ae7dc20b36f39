package dev.bduf.metrics.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Counter;

/**
 * Events per second through {@code collector.increment(name, 1, tags)} on N threads
 * (default 2), with every 100th event a NaN so the rejection path runs too; then proves
 * every event is accounted for. The collector is the one of a running Boot application
 * ({@link BenchApplication}): Boot's {@code PrometheusMeterRegistry}, its filters and our
 * default tags.
 * <p>
 * Each thread counts what it attempted and how many of those were bad. After the run:
 * attempted (threads) == stats.recorded() + stats.rejected(); bad (threads) ==
 * rejected for NOT_FINITE; good (threads) == the sum of the Prometheus counters. Any
 * difference exits with status 1.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.bduf.metrics.benchmarks.Throughput
 * [threads=2] [seconds=5] [warmupSeconds=3] [series=8]}.
 */
public final class Throughput {

	private static final String NAME = "bench.throughput";

	private static final int BAD_EVERY = 100;

	/** No worse than the bare-registry run of the root README (70 million on 2 threads). */
	private static final double TARGET_EVENTS_PER_SECOND = 70_000_000;

	private Throughput() {
	}

	public static void main(String[] args) throws Exception {
		int threads = intArg(args, 0, 2);
		int seconds = intArg(args, 1, 5);
		int warmupSeconds = intArg(args, 2, 3);
		int seriesCount = intArg(args, 3, 8);
		List<Map<String, ?>> tags = new ArrayList<>();
		for (int i = 0; i < seriesCount; i++) {
			tags.add(Map.of("k", "v" + i));
		}

		// Warm up the JIT in a throw-away application; measure in a fresh one so the
		// accounting covers exactly the measured events.
		try (BenchApplication.Context warm = BenchApplication.start()) {
			run(warm.collector, threads, Duration.ofSeconds(warmupSeconds), tags);
		}

		BenchApplication.Context app = BenchApplication.start();
		MetricsCollector collector = app.collector;
		CollectorStats before = collector.getCollectorStats();
		if (before.attempted() != 0) {
			throw new IllegalStateException("The fresh collector already counts " + before.attempted() + " events");
		}
		Result result = run(collector, threads, Duration.ofSeconds(seconds), tags);
		CollectorStats stats = collector.getCollectorStats();

		double counted = 0;
		for (Counter counter : app.registry.find(NAME).counters()) {
			counted += counter.count();
		}
		long notFinite = stats.rejectedByReason().getOrDefault(RejectionReason.NOT_FINITE, 0L);
		double rate = result.attempted / (result.nanos / 1e9);

		System.out.printf(Locale.ROOT, "threads=%d, measured=%.3fs, series=%d, bad input every %dth event%n",
				threads, result.nanos / 1e9, seriesCount, BAD_EVERY);
		System.out.printf(Locale.ROOT, "throughput: %,.0f events/s (target >= %,.0f): %s%n", rate,
				TARGET_EVENTS_PER_SECOND, (rate >= TARGET_EVENTS_PER_SECOND) ? "MET" : "MISSED");
		System.out.printf(Locale.ROOT, "accounting: attempted by threads=%,d; stats.recorded=%,d + stats.rejected=%,d = %,d"
				+ " (stats.attempted=%,d)%n", result.attempted, stats.recorded(), stats.rejected(),
				stats.recorded() + stats.rejected(), stats.attempted());
		System.out.printf(Locale.ROOT, "            bad sent=%,d; rejected NOT_FINITE=%,d; good sent=%,d; Prometheus counters sum=%,.0f%n",
				result.bad, notFinite, result.attempted - result.bad, counted);

		List<String> failures = new ArrayList<>();
		if (result.attempted != stats.recorded() + stats.rejected()) {
			failures.add("attempted " + result.attempted + " != recorded + rejected "
					+ (stats.recorded() + stats.rejected()));
		}
		if (result.bad != notFinite || result.bad != stats.rejected()) {
			failures.add("bad events " + result.bad + " != rejected NOT_FINITE " + notFinite + " (all rejected "
					+ stats.rejected() + ")");
		}
		if (result.attempted - result.bad != stats.recorded() || counted != stats.recorded()) {
			failures.add("good events " + (result.attempted - result.bad) + ", recorded " + stats.recorded()
					+ ", counted in the registry " + counted + " differ");
		}
		app.close();
		if (!failures.isEmpty()) {
			System.err.println("ACCOUNTING FAILED: " + String.join("; ", failures));
			System.exit(1);
		}
		System.out.println("accounting: OK, every event is accounted for");
	}

	private static int intArg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

	private record Result(long attempted, long bad, long nanos) {
	}

	private static Result run(MetricsCollector collector, int threads, Duration duration,
			List<Map<String, ?>> tags) throws InterruptedException {
		Worker[] workers = new Worker[threads];
		CountDownLatch start = new CountDownLatch(1);
		for (int i = 0; i < threads; i++) {
			workers[i] = new Worker(collector, tags, i, start);
			workers[i].start();
		}
		long begin = System.nanoTime();
		start.countDown();
		Thread.sleep(duration.toMillis());
		for (Worker worker : workers) {
			worker.running = false;
		}
		long attempted = 0;
		long bad = 0;
		for (Worker worker : workers) {
			worker.join();
			attempted += worker.attempted;
			bad += worker.bad;
		}
		long nanos = System.nanoTime() - begin;
		return new Result(attempted, bad, nanos);
	}

	private static final class Worker extends Thread {

		private final MetricsCollector collector;

		private final Map<String, ?>[] tags;

		private final CountDownLatch start;

		volatile boolean running = true;

		long attempted;

		long bad;

		@SuppressWarnings("unchecked")
		Worker(MetricsCollector collector, List<Map<String, ?>> tags, int index, CountDownLatch start) {
			super("throughput-" + index);
			this.collector = collector;
			this.tags = tags.toArray(Map[]::new);
			this.start = start;
		}

		@Override
		public void run() {
			try {
				this.start.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			MetricsCollector c = this.collector;
			Map<String, ?>[] t = this.tags;
			int mask = Integer.highestOneBit(t.length) - 1; // a power-of-two prefix of the tag maps
			long n = 0;
			long badCount = 0;
			int untilBad = BAD_EVERY;
			while (this.running) {
				// Check the stop flag once per batch, not per event.
				for (int i = 0; i < 1024; i++) {
					double value = 1;
					if (--untilBad == 0) {
						untilBad = BAD_EVERY;
						value = Double.NaN;
						badCount++;
					}
					c.increment(NAME, value, t[(int) n & mask]);
					n++;
				}
			}
			this.attempted = n;
			this.bad = badCount;
		}

	}

}
