package dev.bduf.metrics.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingSession;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.StreamJson;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * CPU cost of live streams: S subscribers at 1 Hz over N series (default 100 over
 * 1,000), in the Boot application every benchmark runs in ({@link BenchApplication}).
 * Each subscriber streams every series of the benchmark names as deltas and drains its
 * updates through the {@code Flow} API. Measured: the CPU time of the hub's snapshot
 * thread ({@value StreamHub#THREAD_NAME}, through {@link ThreadMXBean}) per second of wall
 * time, in percent of one core; target below 2%. Also reported, for the SSE endpoint:
 * the CPU time to write one subscriber's snapshot as JSON (that work runs on each
 * stream's own writer thread, not on the hub's).
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.bduf.metrics.benchmarks.StreamCost
 * [subscribers=100] [series=1000] [seconds=30]}.
 */
public final class StreamCost {

	private StreamCost() {
	}

	public static void main(String[] args) throws Exception {
		int subscribers = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int series = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 30;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties("bduf.metrics.history.enabled=false", "bduf.metrics.stream.max-subscribers=" + subscribers,
					"logging.level.root=warn")
			.run()) {
			MetricsCollector collector = context.getBean(MetricsCollector.class);
			StreamHub hub = context.getBean(StreamHub.class);
			// a mix of kinds, 100 series per name
			for (int i = 0; i < series; i++) {
				Map<String, String> tags = Map.of("item", "i" + (i % 100));
				String name = "bench.stream." + (i / 100);
				switch ((i / 100) % 4) {
					case 0, 1 -> collector.increment(name, 1, tags);
					case 2 -> collector.timing(name, Duration.ofMillis(i % 50 + 1), tags);
					default -> collector.gauge(name, i, tags);
				}
			}
			List<StreamingSession> sessions = new ArrayList<>();
			AtomicLong received = new AtomicLong();
			AtomicLong seriesReceived = new AtomicLong();
			for (int i = 0; i < subscribers; i++) {
				StreamingSession session = collector.startStreaming(StreamingConfig.of("bench.stream.*"));
				if (session.error() != null) {
					throw new IllegalStateException(session.error());
				}
				session.updates().subscribe(new Drain(received, seriesReceived));
				sessions.add(session);
			}
			// keep the counters moving
			Thread load = new Thread(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					for (int i = 0; i < series; i += 4) {
						if ((i / 100) % 4 < 2) {
							collector.increment("bench.stream." + (i / 100), 1, Map.of("item", "i" + (i % 100)));
						}
					}
					try {
						Thread.sleep(10);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "load");
			load.setDaemon(true);
			load.start();
			Thread.sleep(5_000);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long hubThread = hubThreadId(threads);
			long cpuStart = threads.getThreadCpuTime(hubThread);
			long wallStart = System.nanoTime();
			long receivedStart = received.get();
			long seriesStart = seriesReceived.get();
			Thread.sleep(seconds * 1000L);
			long cpu = threads.getThreadCpuTime(hubThread) - cpuStart;
			long wall = System.nanoTime() - wallStart;
			long updates = received.get() - receivedStart;
			long seriesDelivered = seriesReceived.get() - seriesStart;
			load.interrupt();
			double percent = 100.0 * cpu / wall;
			System.out.printf(Locale.ROOT,
					"subscribers=%d series=%d wall=%.1fs hub-thread-cpu=%.1fms (%.3f%% of one core; target < 2%%)%n",
					subscribers, series, wall / 1e9, cpu / 1e6, percent);
			System.out.printf(Locale.ROOT, "updates delivered=%d (%.1f per subscriber per second), series per update=%.0f%n",
					updates, updates / (wall / 1e9) / subscribers, (updates > 0) ? (double) seriesDelivered / updates : 0);
			System.out.printf(Locale.ROOT, "hub failures=%d%n", hub.failures());
			sessions.forEach(StreamingSession::close);
			json(hub);
		}
	}

	private static void json(StreamHub hub) {
		var subscription = hub.open(StreamingConfig.of("bench.stream.*"), null);
		try {
			StreamingUpdate update = subscription.poll(Duration.ofSeconds(5));
			if (!(update instanceof StreamingUpdate.Snapshot snapshot)) {
				return;
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (int i = 0; i < 200; i++) {
				StreamJson.snapshot(snapshot);
			}
			int rounds = 1000;
			long start = threads.getCurrentThreadCpuTime();
			long bytes = 0;
			for (int i = 0; i < rounds; i++) {
				bytes += StreamJson.snapshot(snapshot).length();
			}
			long cpu = threads.getCurrentThreadCpuTime() - start;
			System.out.printf(Locale.ROOT,
					"SSE JSON of one %d-series snapshot: %.3f ms CPU, %d chars (on each stream's writer thread)%n",
					snapshot.series().size(), cpu / 1e6 / rounds, bytes / rounds);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			subscription.close();
		}
	}

	private static long hubThreadId(ThreadMXBean threads) {
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().equals(StreamHub.THREAD_NAME)) {
				return info.getThreadId();
			}
		}
		throw new IllegalStateException("No thread named " + StreamHub.THREAD_NAME);
	}

	/**
	 * A subscriber that takes everything and counts it.
	 */
	private record Drain(AtomicLong received, AtomicLong series) implements Flow.Subscriber<StreamingUpdate> {

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(StreamingUpdate item) {
			this.received.incrementAndGet();
			if (item instanceof StreamingUpdate.Snapshot snapshot) {
				this.series.addAndGet(snapshot.series().size());
			}
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

}
