package dev.bduf.metrics.report;

import dev.bduf.metrics.history.StepSnapshot;

/**
 * A reporter of metric history: every bean of this type receives each
 * {@link StepSnapshot} it {@link #accepts(StepSnapshot) accepts} (raw steps and completed
 * rollups), through a {@link ReporterDispatcher} that gives it a thread and a bounded
 * queue of its own. A reporter may therefore block (network, disk) and may throw: a slow
 * reporter only falls behind, dropping its oldest snapshots when its queue is full, and a
 * failing one is counted and logged; neither delays another reporter or the history
 * thread. Its {@link ReporterStatus status} (last success, last error, lag, drops) is
 * shown by the {@code collector} endpoint and the {@code metricsCollector} health
 * component.
 */
public interface MetricsReporter {

	/**
	 * The name of this reporter, shown in its status and its thread's name.
	 * @return a short name, such as {@code json}
	 */
	String name();

	/**
	 * Whether this reporter wants a snapshot. Called on the history thread: it must be
	 * cheap and must not block. By default every snapshot is accepted.
	 * @param snapshot a raw step or a completed rollup
	 * @return {@code true} to have it queued for {@link #report(StepSnapshot)}
	 */
	default boolean accepts(StepSnapshot snapshot) {
		return true;
	}

	/**
	 * Report one snapshot. Called on this reporter's own thread, one snapshot at a time,
	 * in the order they were taken.
	 * @param snapshot the snapshot
	 * @throws Exception when the snapshot could not be reported; it is recorded as this
	 * reporter's last error and the next snapshot is reported as usual
	 */
	void report(StepSnapshot snapshot) throws Exception;

}
