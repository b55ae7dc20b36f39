package dev.bduf.metrics.collector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time and allocated bytes of the current thread, from the JVM's
 * {@link ThreadMXBean}. Each part reads {@code -1} where the JVM does not support or has
 * disabled it, so callers record nothing rather than a wrong value.
 */
public final class ThreadUsage {

	private static final ThreadUsage INSTANCE = new ThreadUsage(ManagementFactory.getThreadMXBean());

	private final ThreadMXBean threads;

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
		return this.cpu ? this.threads.getCurrentThreadCpuTime() : -1;
	}

	/**
	 * Bytes allocated by the current thread so far.
	 * @return bytes, or {@code -1} when not supported
	 */
	public long allocatedBytes() {
		com.sun.management.ThreadMXBean bean = this.allocation;
		return (bean != null) ? bean.getCurrentThreadAllocatedBytes() : -1;
	}

}
