package dev.bduf.metrics.alert;

/**
 * The anomaly detector of one series: an exponentially weighted moving mean and variance
 * of its values, and the z-score of each new value against them.
 * <ul>
 * <li><b>Window.</b> The smoothing factor is {@code 2 / (N + 1)} with
 * {@code N = 4 * max(warmUp, 10)} steps (120 steps, 20 minutes at the default 10-second
 * step, for the default warm-up of 30). The first values are averaged plainly (factor
 * {@code 1 / n} while that is larger), so the warm-up gives the exact mean and variance
 * of its values.</li>
 * <li><b>Warm-up.</b> No score until {@code warmUp} values were learnt.</li>
 * <li><b>Floor.</b> The standard deviation the z-score divides by is at least 1% of the
 * mean's magnitude (and at least {@code 1e-9}), so a series that has been flat is not
 * anomalous for a change lost in rounding.</li>
 * <li><b>Outliers.</b> A value beyond {@code sensitivity} standard deviations is not
 * learnt, so a spike leaves the baseline (and the variance) as it was.</li>
 * <li><b>Level shifts.</b> After {@code max(3, warmUp / 6)} outliers in a row (5 by
 * default) the mean is moved to their average and the variance kept: the new level is
 * normal from then on, the alert resolves, and the detector stays as sensitive as it was
 * for the next anomaly.</li>
 * </ul>
 */
final class AnomalyDetector {

	private static final double RELATIVE_FLOOR = 0.01;

	private static final double ABSOLUTE_FLOOR = 1e-9;

	private final double alpha;

	private final int warmUp;

	private final int shiftSteps;

	private long samples;

	private int run;

	private double runSum;

	private double mean;

	private double variance;

	AnomalyDetector(int warmUp) {
		this.warmUp = warmUp;
		this.alpha = 2.0 / (4 * Math.max(warmUp, 10) + 1);
		this.shiftSteps = Math.max(3, warmUp / 6);
	}

	/**
	 * Score a value, then learn it.
	 * @param value the value; {@code NaN} is ignored
	 * @param sensitivity standard deviations at which values are clamped when learnt
	 * @return the z-score against the baseline before this value, {@code NaN} during the
	 * warm-up or for a {@code NaN} value
	 */
	double score(double value, double sensitivity) {
		if (!Double.isFinite(value)) {
			return Double.NaN;
		}
		if (this.samples < this.warmUp || this.samples == 0) {
			learn(value);
			return Double.NaN;
		}
		double score = (value - this.mean) / deviation();
		if (Math.abs(score) <= sensitivity) {
			this.run = 0;
			this.runSum = 0;
			learn(value);
			return score;
		}
		// an outlier is not learnt; a run of them is a new level
		this.run++;
		this.runSum += value;
		if (this.run >= this.shiftSteps) {
			this.mean = this.runSum / this.run;
			this.run = 0;
			this.runSum = 0;
		}
		return score;
	}

	private void learn(double value) {
		this.samples++;
		double factor = Math.max(this.alpha, 1.0 / this.samples);
		double difference = value - this.mean;
		this.mean += factor * difference;
		this.variance = (1 - factor) * (this.variance + factor * difference * difference);
	}

	private double deviation() {
		return Math.max(Math.sqrt(this.variance), Math.max(RELATIVE_FLOOR * Math.abs(this.mean), ABSOLUTE_FLOOR));
	}

	/**
	 * The expected value.
	 * @return the moving mean, {@code NaN} before the first value
	 */
	double mean() {
		return (this.samples > 0) ? this.mean : Double.NaN;
	}

	/**
	 * The standard deviation the z-score divides by.
	 * @return the deviation, {@code NaN} before the first value
	 */
	double standardDeviation() {
		return (this.samples > 0) ? deviation() : Double.NaN;
	}

	/**
	 * Values learnt so far.
	 * @return the count
	 */
	long samples() {
		return this.samples;
	}

	/**
	 * Whether the warm-up is over.
	 * @return {@code true} once {@code warmUp} values were learnt
	 */
	boolean warm() {
		return this.samples >= this.warmUp;
	}

}
