package dev.bduf.metrics.alert;

/**
 * The anomaly detector of one series: an exponentially weighted moving mean and variance
 * of its values, and the z-score of each new value against them.
 * <p>
 * The smoothing factor is {@code 2 / (N + 1)} with {@code N = max(warmUp, 10)} steps, so
 * the warm-up is also about the window the baseline remembers. The first values are
 * averaged plainly (factor {@code 1 / n} while that is larger), which gives the exact
 * mean and variance of the warm-up. The standard deviation used for the z-score is at
 * least 1% of the mean's magnitude (and at least {@code 1e-9}), so a series that has been
 * flat is not anomalous for a change lost in rounding. After the warm-up, a value is
 * learnt clamped to {@code sensitivity} standard deviations around the mean: a spike
 * barely moves the baseline, while a lasting level shift is followed within a window and
 * its alert resolves.
 */
final class AnomalyDetector {

	private static final double RELATIVE_FLOOR = 0.01;

	private static final double ABSOLUTE_FLOOR = 1e-9;

	private final double alpha;

	private final int warmUp;

	private long samples;

	private double mean;

	private double variance;

	AnomalyDetector(int warmUp) {
		this.warmUp = warmUp;
		this.alpha = 2.0 / (Math.max(warmUp, 10) + 1);
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
		double score = Double.NaN;
		double learnt = value;
		if (this.samples >= this.warmUp && this.samples > 0) {
			double deviation = deviation();
			score = (value - this.mean) / deviation;
			double limit = sensitivity * deviation;
			learnt = Math.max(this.mean - limit, Math.min(this.mean + limit, value));
		}
		this.samples++;
		double factor = Math.max(this.alpha, 1.0 / this.samples);
		double difference = learnt - this.mean;
		this.mean += factor * difference;
		this.variance = (1 - factor) * (this.variance + factor * difference * difference);
		return score;
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
