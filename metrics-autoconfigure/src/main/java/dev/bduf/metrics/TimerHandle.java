package dev.bduf.metrics;

import java.util.Map;

/**
 * A running timer started by {@link MetricsCollector#timer(String)}. Once stopped or
 * cancelled it records nothing more: {@code stop} and {@code split} then return
 * {@code 0}, and the misuse is counted as {@link RejectionReason#TIMER_NOT_RUNNING}.
 */
public interface TimerHandle {

	/**
	 * Stop the timer and record the time since it started.
	 * @return the recorded duration in milliseconds, or {@code 0} if not running
	 */
	default double stop() {
		return stop(Map.of());
	}

	/**
	 * Stop the timer and record the time since it started, with tags added to those the
	 * timer was started with.
	 * @param tags extra tag keys and values, such as an outcome known only at the end
	 * @return the recorded duration in milliseconds, or {@code 0} if not running
	 */
	double stop(Map<String, ?> tags);

	/**
	 * Record the time since the timer started as {@code <name>.<split>} and keep running.
	 * @param split the split's name
	 * @return the recorded duration in milliseconds, or {@code 0} if not running
	 */
	default double split(String split) {
		return split(split, Map.of());
	}

	/**
	 * Record the time since the timer started as {@code <name>.<split>} with extra tags
	 * and keep running.
	 * @param split the split's name
	 * @param tags extra tag keys and values
	 * @return the recorded duration in milliseconds, or {@code 0} if not running
	 */
	double split(String split, Map<String, ?> tags);

	/**
	 * Stop the timer without recording anything. Cancelling a stopped timer does nothing.
	 */
	void cancel();

	/**
	 * Whether the timer is still running.
	 * @return {@code true} until stopped or cancelled
	 */
	boolean isRunning();

}
