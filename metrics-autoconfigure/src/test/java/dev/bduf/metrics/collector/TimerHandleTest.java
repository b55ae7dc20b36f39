package dev.bduf.metrics.collector;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.TimerHandle;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TimerHandleTest {

	private final Fixture fixture = new Fixture();

	private final DefaultMetricsCollector collector = this.fixture.collector;

	@Test
	void stopRecordsTheElapsedTime() {
		TimerHandle handle = this.collector.timer("checkout");
		this.fixture.advance(Duration.ofMillis(1500));

		assertThat(handle.isRunning()).isTrue();
		assertThat(handle.stop()).isEqualTo(1500.0);
		assertThat(handle.isRunning()).isFalse();
		Timer timer = this.fixture.registry.get("checkout").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
	}

	@Test
	void stopWithTagsAddsThemToTheStartTags() {
		TimerHandle handle = this.collector.timer("call", Map.of("peer", "billing", "outcome", "unknown"));
		this.fixture.advance(Duration.ofMillis(20));
		handle.stop(Map.of("outcome", "error"));

		Timer timer = this.fixture.registry.get("call").timer();
		assertThat(timer.getId().getTag("peer")).isEqualTo("billing");
		assertThat(timer.getId().getTag("outcome")).isEqualTo("error");
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
	}

	@Test
	void stopWithTagsOnATimerStartedWithout() {
		TimerHandle handle = this.collector.timer("call");
		handle.stop(Map.of("outcome", "ok"));

		assertThat(this.fixture.registry.get("call").tag("outcome", "ok").timer().count()).isEqualTo(1);
	}

	@Test
	void splitRecordsUnderASubNameAndKeepsRunning() {
		TimerHandle handle = this.collector.timer("import", Map.of("job", "nightly"));
		this.fixture.advance(Duration.ofMillis(100));
		assertThat(handle.split("parsed")).isEqualTo(100.0);
		this.fixture.advance(Duration.ofMillis(50));
		assertThat(handle.split("validated", Map.of("rows", 10))).isEqualTo(150.0);
		this.fixture.advance(Duration.ofMillis(50));
		assertThat(handle.isRunning()).isTrue();
		assertThat(handle.stop()).isEqualTo(200.0);

		assertThat(this.fixture.registry.get("import.parsed").tag("job", "nightly").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
		assertThat(this.fixture.registry.get("import.validated").tag("job", "nightly").tag("rows", "10").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150);
		assertThat(this.fixture.registry.get("import").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
	}

	@Test
	void aSplitOfAnInvalidTimerNameIsRejected() {
		this.collector.timer("").split("db");
		this.collector.timer(null).split("db");
		this.collector.timer("!!!").split("db");
		this.collector.timer("ok").split(null);
		this.collector.timer("ok").split("");

		assertThat(this.fixture.registry.getMeters()).isEmpty();
		assertThat(this.fixture.rejected(RejectionReason.INVALID_NAME)).isEqualTo(5);
	}

	@Test
	void aStoppedHandleRecordsNothingMore() {
		TimerHandle handle = this.collector.timer("t");
		handle.stop();
		this.fixture.advance(Duration.ofSeconds(1));

		assertThat(handle.stop()).isZero();
		assertThat(handle.stop(Map.of("k", "v"))).isZero();
		assertThat(handle.split("late")).isZero();
		handle.cancel();

		assertThat(this.fixture.registry.get("t").timer().count()).isEqualTo(1);
		assertThat(this.fixture.registry.find("t.late").timer()).isNull();
		assertThat(this.fixture.rejected(RejectionReason.TIMER_NOT_RUNNING)).isEqualTo(3);
		assertThat(this.collector.getCollectorStats().timersOpen()).isZero();
	}

	@Test
	void aCancelledHandleRecordsNothing() {
		TimerHandle handle = this.collector.timer("t");
		handle.cancel();
		handle.cancel();

		assertThat(handle.isRunning()).isFalse();
		assertThat(handle.stop()).isZero();
		assertThat(handle.split("s")).isZero();
		assertThat(this.fixture.registry.getMeters()).isEmpty();
		assertThat(this.fixture.rejected(RejectionReason.TIMER_NOT_RUNNING)).isEqualTo(2);
		assertThat(this.collector.getCollectorStats().timersOpen()).isZero();
	}

	@Test
	void openTimersAreCounted() {
		TimerHandle a = this.collector.timer("a");
		TimerHandle b = this.collector.timer("b");
		TimerHandle c = this.collector.timer(null);
		assertThat(this.collector.getCollectorStats().timersOpen()).isEqualTo(3);

		a.stop();
		b.cancel();
		c.stop();
		assertThat(this.collector.getCollectorStats().timersOpen()).isZero();
	}

	@Test
	void stopRacedByManyThreadsRecordsOnce() throws Exception {
		TimerHandle handle = this.collector.timer("race");
		CompletableFuture<?>[] stops = new CompletableFuture<?>[8];
		for (int i = 0; i < stops.length; i++) {
			stops[i] = CompletableFuture.runAsync(handle::stop);
		}
		CompletableFuture.allOf(stops).get(30, TimeUnit.SECONDS);

		assertThat(this.fixture.registry.get("race").timer().count()).isEqualTo(1);
		assertThat(this.fixture.rejected(RejectionReason.TIMER_NOT_RUNNING)).isEqualTo(7);
		assertThat(this.collector.getCollectorStats().timersOpen()).isZero();
	}

	@Test
	void cpuAndAllocationHangOffTheNormalisedName() {
		StubThreads threads = new StubThreads(true, true);
		DefaultMetricsCollector withUsage = collector(threads, true, true);
		TimerHandle handle = withUsage.timer("Check Out!", Map.of());
		threads.cpu.addAndGet(1_000_000);
		threads.allocated.addAndGet(64);
		handle.stop();

		assertThat(this.fixture.registry.get("check_out").timer().count()).isEqualTo(1);
		assertThat(this.fixture.registry.get("check_out.cpu").timer().count()).isEqualTo(1);
		assertThat(this.fixture.registry.get("check_out.allocated").summary().totalAmount()).isEqualTo(64);
		assertThat(this.fixture.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.noneMatch((name) -> name.startsWith("Check Out!"));
	}

	@Test
	void cpuAndAllocationAreRecordedWhenEnabled() {
		StubThreads threads = new StubThreads(true, true);
		DefaultMetricsCollector withUsage = collector(threads, true, true);
		TimerHandle handle = withUsage.timer("work", Map.of("k", "v"));
		threads.cpu.addAndGet(3_000_000);
		threads.allocated.addAndGet(2048);
		this.fixture.advance(Duration.ofMillis(10));
		handle.stop();

		assertThat(this.fixture.registry.get("work.cpu").tag("k", "v").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(3);
		assertThat(this.fixture.registry.get("work.allocated").tag("k", "v").summary().totalAmount()).isEqualTo(2048);
		assertThat(this.fixture.registry.get("work.allocated").summary().getId().getBaseUnit()).isEqualTo("bytes");
		assertThat(withUsage.getCollectorStats().recorded()).isEqualTo(3);
	}

	@Test
	void cpuAndAllocationAreNotRecordedWhenDisabled() {
		StubThreads threads = new StubThreads(true, true);
		DefaultMetricsCollector withUsage = collector(threads, false, false);
		withUsage.timer("work").stop();

		assertThat(this.fixture.registry.getMeters()).extracting((m) -> m.getId().getName()).containsExactly("work");
	}

	@Test
	void cpuAndAllocationAreNotRecordedWhereUnsupported() {
		StubThreads threads = new StubThreads(false, false);
		DefaultMetricsCollector withUsage = collector(threads, true, true);
		withUsage.timer("work").stop();

		assertThat(this.fixture.registry.getMeters()).extracting((m) -> m.getId().getName()).containsExactly("work");
	}

	@Test
	void aTimerStoppedOnAnotherThreadRecordsNoCpu() throws Exception {
		StubThreads threads = new StubThreads(true, true);
		DefaultMetricsCollector withUsage = collector(threads, true, true);
		TimerHandle handle = withUsage.timer("async");
		CompletableFuture.runAsync(handle::stop).get(30, TimeUnit.SECONDS);

		assertThat(this.fixture.registry.get("async").timer().count()).isEqualTo(1);
		assertThat(this.fixture.registry.find("async.cpu").meter()).isNull();
		assertThat(this.fixture.registry.find("async.allocated").meter()).isNull();
	}

	@Test
	void aRejectedStopRecordsNoCpu() {
		StubThreads threads = new StubThreads(true, true);
		DefaultMetricsCollector withUsage = collector(threads, true, true);
		withUsage.gauge("busy", 1);
		withUsage.timer("busy").stop();

		assertThat(this.fixture.registry.find("busy.cpu").meter()).isNull();
	}

	@Test
	void theRealThreadUsageMeasuresTheCurrentThread() {
		ThreadUsage usage = ThreadUsage.get();
		DefaultMetricsCollector real = new DefaultMetricsCollector(this.fixture.registry,
				CollectorSettings.builder().timerCpu(true).timerAllocation(true).build(), this.fixture.clock);
		TimerHandle handle = real.timer("real");
		byte[][] garbage = new byte[64][];
		for (int i = 0; i < garbage.length; i++) {
			garbage[i] = new byte[1024];
		}
		handle.stop();

		assumeTrue(usage.isCpuTimeSupported() && usage.isAllocationSupported(), "JVM without per-thread usage");
		assertThat(this.fixture.registry.get("real.cpu").timer().count()).isEqualTo(1);
		assertThat(this.fixture.registry.get("real.allocated").summary().totalAmount())
			.isGreaterThanOrEqualTo(64 * 1024);
		assertThat(garbage.length).isEqualTo(64);
	}

	@Test
	void aThreadTheJvmCannotMeasureRecordsNoCpuOrAllocationAndSaysSoOnce() {
		// Java 21+ reads -1 for a virtual thread's CPU time and allocated bytes
		StubThreads threads = new StubThreads(true, true);
		threads.cpu.set(-1);
		threads.allocated.set(-1);
		ThreadUsage usage = new ThreadUsage(threads.bean());
		DefaultMetricsCollector withUsage = new DefaultMetricsCollector(this.fixture.registry,
				CollectorSettings.builder().timerCpu(true).timerAllocation(true).build(), this.fixture.clock, usage);
		assertThat(usage.isUnavailableOnSomeThreads()).isFalse();

		TimerHandle handle = withUsage.timer("on.virtual");
		this.fixture.advance(Duration.ofMillis(5));
		handle.stop();
		withUsage.timer("on.virtual").stop();

		assertThat(usage.isCpuTimeSupported()).isTrue();
		assertThat(usage.isUnavailableOnSomeThreads()).isTrue();
		assertThat(this.fixture.registry.get("on.virtual").timer().count()).isEqualTo(2);
		assertThat(this.fixture.registry.find("on.virtual.cpu").meter()).isNull();
		assertThat(this.fixture.registry.find("on.virtual.allocated").meter()).isNull();
	}

	@Test
	void aPlatformThreadIsNotVirtual() {
		assertThat(ThreadUsage.isVirtual(Thread.currentThread())).isFalse();
	}

	@Test
	void threadUsageReadsMinusOneWhenTheBeanFails() {
		ThreadUsage usage = new ThreadUsage(new StubThreads(true, true).failing().bean());

		assertThat(usage.isCpuTimeSupported()).isFalse();
		assertThat(usage.isAllocationSupported()).isFalse();
		assertThat(usage.cpuTimeNanos()).isEqualTo(-1);
		assertThat(usage.allocatedBytes()).isEqualTo(-1);
	}

	@Test
	void threadUsageOverAPlainThreadMXBeanHasNoAllocation() {
		java.lang.management.ThreadMXBean plain = (java.lang.management.ThreadMXBean) Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { java.lang.management.ThreadMXBean.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "isCurrentThreadCpuTimeSupported", "isThreadCpuTimeEnabled" -> true;
					case "getCurrentThreadCpuTime" -> 42L;
					default -> throw new UnsupportedOperationException(method.getName());
				});
		ThreadUsage usage = new ThreadUsage(plain);

		assertThat(usage.cpuTimeNanos()).isEqualTo(42);
		assertThat(usage.isAllocationSupported()).isFalse();
		assertThat(usage.allocatedBytes()).isEqualTo(-1);
	}

	private DefaultMetricsCollector collector(StubThreads threads, boolean cpu, boolean allocation) {
		return new DefaultMetricsCollector(this.fixture.registry,
				CollectorSettings.builder().timerCpu(cpu).timerAllocation(allocation).build(), this.fixture.clock,
				new ThreadUsage(threads.bean()));
	}

	/**
	 * A {@code com.sun.management.ThreadMXBean} whose per-thread figures the test moves.
	 */
	static final class StubThreads {

		final AtomicLong cpu = new AtomicLong(1_000_000);

		final AtomicLong allocated = new AtomicLong(10_000);

		private final boolean cpuSupported;

		private final boolean allocationSupported;

		private boolean failing;

		StubThreads(boolean cpuSupported, boolean allocationSupported) {
			this.cpuSupported = cpuSupported;
			this.allocationSupported = allocationSupported;
		}

		StubThreads failing() {
			this.failing = true;
			return this;
		}

		com.sun.management.ThreadMXBean bean() {
			return (com.sun.management.ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { com.sun.management.ThreadMXBean.class }, (proxy, method, args) -> {
						if (this.failing) {
							throw new UnsupportedOperationException(method.getName());
						}
						return switch (method.getName()) {
							case "isCurrentThreadCpuTimeSupported", "isThreadCpuTimeEnabled" -> this.cpuSupported;
							case "isThreadAllocatedMemorySupported", "isThreadAllocatedMemoryEnabled" ->
								this.allocationSupported;
							case "getCurrentThreadCpuTime" -> this.cpu.get();
							case "getCurrentThreadAllocatedBytes" -> this.allocated.get();
							default -> throw new UnsupportedOperationException(method.getName());
						};
					});
		}

	}

}
