package dev.bduf.metrics.e2e;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.TimerHandle;
import dev.bduf.metrics.collector.ThreadUsage;
import dev.bduf.metrics.tracking.Tracked;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with {@code spring.threads.virtual.enabled=true}, on Java 21 or later:
 * thousands of concurrent virtual threads (from Boot's own {@code applicationTaskExecutor},
 * which that property makes a virtual-thread executor) record through the facade, a
 * {@link TimerHandle} and {@link Tracked @Tracked} methods. Every call is accounted for,
 * JFR records no {@code jdk.VirtualThreadPinned} event in the starter's code, CPU-time and
 * allocation meters are absent or plausible (never negative, never more CPU than wall
 * time), and the starter's own background threads stay few.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadsEndToEndTests {

	private static final int TASKS = 2000;

	private static final int WORKERS = 8;

	@Test
	void virtualThreadsRecordEveryCallWithoutPinningOrMadeUpCpuTime(@TempDir Path dir, CapturedOutput output)
			throws Exception {
		Set<Thread> threadsBefore = starterThreads();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(VirtualThreadsApplication.class)
			.properties("spring.main.web-application-type=none", "spring.threads.virtual.enabled=true",
					"bduf.metrics.timers.track-cpu=true", "bduf.metrics.timers.track-allocation=true",
					"bduf.metrics.history.step=1s")
			.run(); Recording recording = new Recording()) {
			MetricsCollector collector = context.getBean(MetricsCollector.class);
			Worker worker = context.getBean(Worker.class);
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// Warm up, one virtual thread at a time: a virtual thread that waits for a class
			// another one is loading stays pinned (the JVM loads classes from native code),
			// which is the JVM's first-use cost, not the starter's steady state.
			for (int i = 0; i < WORKERS; i++) {
				int task = i;
				executor.submit(() -> {
					runTask(collector, worker, task);
					return null;
				}).get(1, TimeUnit.MINUTES);
			}
			double eventsBefore = registry.find("vt.events").counters().stream().mapToDouble((c) -> c.count()).sum();
			long workBefore = countOf(registry.find("vt.work").timers());
			long trackedBefore = countOf(registry.find("method.tracked").timers());
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.start();
			CollectorStats before = collector.getCollectorStats();
			long subMetersBefore = subMeters(registry);

			CountDownLatch start = new CountDownLatch(1);
			AtomicInteger onVirtualThreads = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < TASKS; i++) {
				int task = i;
				futures.add(executor.submit(() -> {
					await(start);
					if (isVirtual(Thread.currentThread())) {
						onVirtualThreads.incrementAndGet();
					}
					runTask(collector, worker, task);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
			recording.stop();
			Path jfr = dir.resolve("virtual-threads.jfr");
			recording.dump(jfr);

			assertThat(onVirtualThreads).as("tasks that ran on virtual threads").hasValue(TASKS);
			assertThat(registry.find("vt.events").counters()).hasSize(WORKERS);
			assertThat(registry.find("vt.events").counters().stream().mapToDouble((c) -> c.count()).sum()
					- eventsBefore).isEqualTo(TASKS);
			assertThat(countOf(registry.find("vt.work").timers()) - workBefore).isEqualTo(TASKS);
			assertThat(countOf(registry.find("method.tracked").timers()) - trackedBefore).isEqualTo(2L * TASKS);

			// every call is accounted for: each recording is in a meter, each rejection counted
			long subMeters = subMeters(registry) - subMetersBefore;
			CollectorStats after = collector.getCollectorStats();
			long nanCalls = (TASKS + 9) / 10;
			// an increment, a timer and two tracked calls per task, and the CPU/allocation parts
			long recorded = 4L * TASKS + subMeters;
			assertThat(after.recorded() - before.recorded()).isEqualTo(recorded);
			assertThat(after.rejected() - before.rejected()).isEqualTo(nanCalls);
			assertThat(after.attempted() - before.attempted()).isEqualTo(recorded + nanCalls);
			assertThat(after.rejectedByReason().getOrDefault(RejectionReason.NOT_FINITE, 0L)
					- before.rejectedByReason().getOrDefault(RejectionReason.NOT_FINITE, 0L))
				.isEqualTo(nanCalls);
			assertThat(after.attempted()).isEqualTo(after.recorded() + after.rejected());

			// CPU time and allocation: absent on a JVM that cannot measure virtual threads
			// (which it then says once), else never negative and never more CPU than wall time
			assertCpuAbsentOrPlausible(registry, "vt.work");
			assertCpuAbsentOrPlausible(registry, "method.tracked");
			assertThat(registry.find("method.tracked.allocated").summaries())
				.allSatisfy((summary) -> assertThat(summary.totalAmount()).isNotNegative());
			assertThat(registry.find("vt.work.allocated").summaries())
				.allSatisfy((summary) -> assertThat(summary.totalAmount()).isNotNegative());
			if (subMeters(registry) == 0) {
				assertThat(ThreadUsage.get().isUnavailableOnSomeThreads()).isTrue();
				assertThat(occurrences(output.getAll(), "The JVM does not report")).isLessThanOrEqualTo(1);
			}

			// no carrier thread was pinned by the starter's code
			List<String> pinned = pinnedInStarter(jfr);
			assertThat(pinned).as("jdk.VirtualThreadPinned events with a dev.bduf.metrics frame").isEmpty();

			// the starter's background work kept to its few named platform threads
			Set<Thread> starterThreads = starterThreads();
			starterThreads.removeAll(threadsBefore);
			assertThat(starterThreads).as("starter threads started by this application")
				.extracting(Thread::getName)
				.hasSizeLessThanOrEqualTo(4)
				.doesNotHaveDuplicates();
		}
	}

	private static void runTask(MetricsCollector collector, Worker worker, int task) throws InterruptedException {
		Map<String, String> tags = Map.of("worker", "w" + (task % WORKERS));
		collector.increment("vt.events", 1, tags);
		TimerHandle timer = collector.timer("vt.work", tags);
		worker.work(task);
		worker.park();
		timer.stop();
		if (task % 10 == 0) {
			collector.histogram("vt.sizes", Double.NaN);
		}
	}

	/** Recordings of the CPU-time and allocation meters. */
	private static long subMeters(MeterRegistry registry) {
		return countOf(registry.find("vt.work.cpu").timers()) + countOf(registry.find("method.tracked.cpu").timers())
				+ summaryCountOf(registry.find("vt.work.allocated").summaries())
				+ summaryCountOf(registry.find("method.tracked.allocated").summaries());
	}

	private static void assertCpuAbsentOrPlausible(MeterRegistry registry, String name) {
		for (Timer cpu : registry.find(name + ".cpu").timers()) {
			assertThat(cpu.totalTime(TimeUnit.NANOSECONDS)).as(name + ".cpu").isNotNegative();
			assertThat(cpu.max(TimeUnit.NANOSECONDS)).as(name + ".cpu max").isNotNegative();
		}
		long cpuTotal = (long) registry.find(name + ".cpu").timers().stream()
			.mapToDouble((timer) -> timer.totalTime(TimeUnit.NANOSECONDS))
			.sum();
		long wallTotal = (long) registry.find(name).timers().stream()
			.mapToDouble((timer) -> timer.totalTime(TimeUnit.NANOSECONDS))
			.sum();
		assertThat(cpuTotal).as("CPU time of " + name + " within its wall time").isLessThanOrEqualTo(wallTotal);
	}

	private static long countOf(java.util.Collection<Timer> timers) {
		return timers.stream().mapToLong(Timer::count).sum();
	}

	private static long summaryCountOf(java.util.Collection<DistributionSummary> summaries) {
		return summaries.stream().mapToLong(DistributionSummary::count).sum();
	}

	private static List<String> pinnedInStarter(Path jfr) throws Exception {
		List<String> found = new ArrayList<>();
		for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
			if (!"jdk.VirtualThreadPinned".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
				continue;
			}
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			boolean ours = frames.stream()
				.anyMatch((frame) -> frame.getMethod().getType().getName().startsWith("dev.bduf.metrics.")
						&& !frame.getMethod().getType().getName().startsWith(VirtualThreadsEndToEndTests.class.getName()));
			if (ours) {
				found.add(event.getFields().stream()
					.filter((field) -> !"stackTrace".equals(field.getName()))
					.map((field) -> field.getName() + "=" + event.getValue(field.getName()))
					.collect(Collectors.joining(", ")) + ": " + frames.stream()
					.limit(40)
					.map((frame) -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
					.collect(Collectors.joining(" <- ")));
			}
		}
		return found;
	}

	private static Set<Thread> starterThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("bduf-metrics"))
			.collect(Collectors.toCollection(java.util.HashSet::new));
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	/** {@code Thread.isVirtual()}, called reflectively: the tests compile for Java 17. */
	private static boolean isVirtual(Thread thread) {
		try {
			Method isVirtual = Thread.class.getMethod("isVirtual");
			return (boolean) isVirtual.invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class VirtualThreadsApplication {

		@Bean
		Worker worker() {
			return new Worker();
		}

	}

	/**
	 * Work a virtual thread does: some CPU and allocation, and a park, which unmounts the
	 * virtual thread unless something pins it to its carrier.
	 */
	static class Worker {

		@Tracked(trackCpu = true, trackMemory = true)
		public int work(int seed) {
			int[] numbers = new int[64 + seed % 64];
			int sum = 0;
			for (int i = 0; i < numbers.length; i++) {
				numbers[i] = i * seed;
				sum += numbers[i];
			}
			return sum;
		}

		@Tracked(trackCpu = true)
		public void park() throws InterruptedException {
			Thread.sleep(1);
		}

	}

}
