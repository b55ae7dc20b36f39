package dev.bduf.metrics;

/**
 * A counter bound to one series by {@link MetricsCollector#counter}.
 */
public interface BoundCounter {

	/**
	 * Add one.
	 */
	void increment();

	/**
	 * Add a finite, non-negative amount; anything else is rejected and counted.
	 * @param amount the amount
	 */
	void increment(double amount);

	/**
	 * The counter's total so far.
	 * @return the count
	 */
	double count();

}
