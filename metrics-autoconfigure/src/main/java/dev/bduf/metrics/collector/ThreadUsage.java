package dev.bduf.metrics.collector;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * CPU time and allocated bytes of the current thread, from the JVM's
 * {@link ThreadMXBean}. Each part reads {@code -1} where the JVM does not support or has
 * disabled it, so callers record nothing rather than a wrong value.
 * <p>
 * A JVM that measures platform threads may still not measure every thread: Java 21 and
 * later read {@code -1} for a virtual thread's CPU time and allocated bytes. The first
 * time a reading comes back unavailable this is logged once, at info level, naming the
 * thread; calls on such threads then record no {@code .cpu} or {@code .allocated}
 * meter, and everything else about them is recorded as usual.
 */
public final class ThreadUsage {

	private static final Log logger = LogFactory.getLog(ThreadUsage.class);

	private static final ThreadUsage INSTANCE = new ThreadUsage(ManagementFactory.getThreadMXBean());

	/** {@code Thread.isVirtual()} on Java 21 and later; {@code null} before. */
	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private final ThreadMXBean threads;

	private final AtomicBoolean unavailableReported = new AtomicBoolean();

	private final boolean cpu;

	private final com.sun.management.@org.jspecify.annotations.Nullable ThreadMXBean allocation;

	ThreadUsage(ThreadMXBean threads) {
		this.threads = threads;
		this.cpu = supportsCpu(threads);
		this.allocation = supportsAllocation(threads) ? (com.sun.management.ThreadMXBean) threads : null;
	}

	/**
	 * The JVM's thread usage probe.
	 * @return the shared instance
	 */
	public static ThreadUsage get() {
		return INSTANCE;
	}

	private static boolean supportsCpu(ThreadMXBean threads) {
		try {
			return threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean supportsAllocation(ThreadMXBean threads) {
		try {
			return threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
					&& sun.isThreadAllocatedMemoryEnabled();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Whether per-thread CPU time can be read.
	 * @return {@code true} when {@link #cpuTimeNanos()} gives real values
	 */
	public boolean isCpuTimeSupported() {
		return this.cpu;
	}

	/**
	 * Whether per-thread allocation can be read.
	 * @return {@code true} when {@link #allocatedBytes()} gives real values
	 */
	public boolean isAllocationSupported() {
		return this.allocation != null;
	}

	/**
	 * CPU time of the current thread.
	 * @return nanoseconds, or {@code -1} when not supported
	 */
	public long cpuTimeNanos() {
		if (!this.cpu) {
			return -1;
		}
		long nanos = this.threads.getCurrentThreadCpuTime();
		if (nanos < 0) {
			unavailable("CPU time");
		}
		return nanos;
	}

	/**
	 * Bytes allocated by the current thread so far.
	 * @return bytes, or {@code -1} when not supported
	 */
	public long allocatedBytes() {
		com.sun.management.ThreadMXBean bean = this.allocation;
		if (bean == null) {
			return -1;
		}
		long bytes = bean.getCurrentThreadAllocatedBytes();
		if (bytes < 0) {
			unavailable("allocated bytes");
		}
		return bytes;
	}

	/**
	 * Whether the JVM said, at least once, that it cannot measure the thread a reading was
	 * taken on (a virtual thread, typically).
	 * @return {@code true} once a supported reading came back unavailable
	 */
	public boolean isUnavailableOnSomeThreads() {
		return this.unavailableReported.get();
	}

	private void unavailable(String what) {
		if (this.unavailableReported.get() || !this.unavailableReported.compareAndSet(false, true)) {
			return;
		}
		Thread thread = Thread.currentThread();
		String kind = isVirtual(thread) ? "virtual thread" : "thread";
		logger.info("The JVM does not report " + what + " for " + kind + " '" + thread.getName()
				+ "' (Java gives per-thread CPU time and allocation for platform threads only): calls on such threads "
				+ "record no .cpu or .allocated meters (@Tracked trackCpu/trackMemory, bduf.metrics.timers.track-cpu "
				+ "and track-allocation, PerformanceTracker sessions), and everything else about them is recorded");
	}

	static boolean isVirtual(Thread thread) {
		MethodHandle isVirtual = IS_VIRTUAL;
		if (isVirtual == null) {
			return false;
		}
		try {
			return (boolean) isVirtual.invokeExact(thread);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
