package dev.bduf.metrics.collector;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.TimerHandle;

/**
 * A running timer. It is stopped or cancelled exactly once, even when several threads
 * race to do it; CPU time and allocation are attached only when it is stopped on the
 * thread that started it, since both are per-thread figures.
 */
final class DefaultTimerHandle implements TimerHandle {

	private static final int RUNNING = 0;

	private static final int DONE = 1;

	private static final AtomicIntegerFieldUpdater<DefaultTimerHandle> STATE = AtomicIntegerFieldUpdater
		.newUpdater(DefaultTimerHandle.class, "state");

	private final DefaultMetricsCollector collector;

	private final String name;

	private final Map<String, ?> tags;

	private final long startNanos;

	private final long startCpu;

	private final long startAllocated;

	private final Thread thread;

	private volatile int state;

	DefaultTimerHandle(DefaultMetricsCollector collector, String name, Map<String, ?> tags, long startNanos,
			long startCpu, long startAllocated) {
		this.collector = collector;
		this.name = name;
		this.tags = tags;
		this.startNanos = startNanos;
		this.startCpu = startCpu;
		this.startAllocated = startAllocated;
		this.thread = Thread.currentThread();
	}

	@Override
	public double stop(Map<String, ?> extraTags) {
		long now = this.collector.clock().monotonicTime();
		if (!STATE.compareAndSet(this, RUNNING, DONE)) {
			this.collector.timerNotRunning(this.name);
			return 0;
		}
		this.collector.timerClosed();
		Map<String, ?> tags = merge(extraTags);
		if (tags == null) {
			return 0;
		}
		long elapsed = now - this.startNanos;
		if (!this.collector.recordNanos(this.name, elapsed, tags)) {
			return 0;
		}
		if (Thread.currentThread() == this.thread) {
			recordThreadUsage(tags);
		}
		return elapsed / 1e6;
	}

	/**
	 * Record the thread's CPU time and allocation under the normalised name, as splits
	 * and performance sub-meters are: a timer "Checkout!" records checkout.cpu.
	 */
	private void recordThreadUsage(Map<String, ?> tags) {
		String base = this.collector.normalizeName(this.name);
		if (base == null) {
			return;
		}
		ThreadUsage usage = this.collector.threadUsage();
		if (this.startCpu >= 0) {
			long cpu = usage.cpuTimeNanos() - this.startCpu;
			this.collector.recordNanos(base + ".cpu", Math.max(0, cpu), tags);
		}
		if (this.startAllocated >= 0) {
			long allocated = usage.allocatedBytes() - this.startAllocated;
			this.collector.histogram(base + ".allocated", Math.max(0, allocated), MetricUnit.BYTES, tags);
		}
	}

	@Override
	public double split(String split, Map<String, ?> extraTags) {
		long now = this.collector.clock().monotonicTime();
		if (this.state != RUNNING) {
			this.collector.timerNotRunning(this.name);
			return 0;
		}
		Map<String, ?> tags = merge(extraTags);
		if (tags == null) {
			return 0;
		}
		long elapsed = now - this.startNanos;
		return this.collector.recordSplit(this.name, split, elapsed, tags) ? elapsed / 1e6 : 0;
	}

	@Override
	public void cancel() {
		if (STATE.compareAndSet(this, RUNNING, DONE)) {
			this.collector.timerClosed();
		}
	}

	@Override
	public boolean isRunning() {
		return this.state == RUNNING;
	}

	private Map<String, ?> merge(Map<String, ?> extraTags) {
		if (extraTags == null || this.tags == null) {
			this.collector.nullTags(this.name);
			return null;
		}
		if (extraTags.isEmpty()) {
			return this.tags;
		}
		if (this.tags.isEmpty()) {
			return extraTags;
		}
		Map<String, Object> merged = new HashMap<>(this.tags);
		merged.putAll(extraTags);
		return merged;
	}

}
