package dev.bduf.metrics.business;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts the business metrics that could not be recorded (an expression that fails, a
 * value that is not a number) and logs them at a limited rate: at most one line per
 * reason per interval, saying how many more failed in between. Lock-free.
 */
public final class BusinessMetricFailures {

	private static final Log logger = LogFactory.getLog(BusinessMetricFailures.class);

	private static final Reason[] REASONS = Reason.values();

	private final LongAdder[] counts = new LongAdder[REASONS.length];

	private final AtomicLong[] nextLog = new AtomicLong[REASONS.length];

	private final AtomicLong[] loggedAt = new AtomicLong[REASONS.length];

	private final Clock clock;

	private final long intervalNanos;

	/**
	 * Failures logged at most once a minute per reason.
	 */
	public BusinessMetricFailures() {
		this(Clock.SYSTEM, TimeUnit.MINUTES.toNanos(1));
	}

	/**
	 * Failures logged at most once per interval per reason.
	 * @param clock the clock the interval is read on
	 * @param intervalNanos the interval
	 */
	public BusinessMetricFailures(Clock clock, long intervalNanos) {
		this.clock = clock;
		this.intervalNanos = intervalNanos;
		for (int i = 0; i < REASONS.length; i++) {
			this.counts[i] = new LongAdder();
			this.nextLog[i] = new AtomicLong(Long.MIN_VALUE);
			this.loggedAt[i] = new AtomicLong();
		}
	}

	/**
	 * Count a failure and log it unless its reason was logged within the interval.
	 * @param reason why the metric was not recorded
	 * @param message what failed; built only when logged
	 * @param failure the exception, if any
	 */
	void fail(Reason reason, java.util.function.Supplier<String> message, Throwable failure) {
		int i = reason.ordinal();
		this.counts[i].increment();
		long now = this.clock.monotonicTime();
		long next = this.nextLog[i].get();
		if ((next == Long.MIN_VALUE || now - next >= 0) && this.nextLog[i].compareAndSet(next, now + this.intervalNanos)
				&& logger.isWarnEnabled()) {
			long total = this.counts[i].sum();
			long suppressed = Math.max(0, total - this.loggedAt[i].getAndSet(total) - 1);
			String line = message.get() + " [" + reason + "]"
					+ ((suppressed > 0) ? " (" + suppressed + " more since the last report)" : "");
			if (failure != null && logger.isDebugEnabled()) {
				logger.warn(line, failure);
			}
			else {
				logger.warn((failure != null) ? line + ": " + failure : line);
			}
		}
	}

	/**
	 * Business metrics not recorded, all reasons together.
	 * @return the total
	 */
	public long total() {
		long total = 0;
		for (LongAdder count : this.counts) {
			total += count.sum();
		}
		return total;
	}

	/**
	 * Business metrics not recorded, per reason (every reason, zero included).
	 * @return the counts
	 */
	public Map<Reason, Long> byReason() {
		Map<Reason, Long> counts = new EnumMap<>(Reason.class);
		for (Reason reason : REASONS) {
			counts.put(reason, this.counts[reason.ordinal()].sum());
		}
		return counts;
	}

	/**
	 * Why a business metric was not recorded.
	 */
	public enum Reason {

		/** An expression does not parse, or uses what the restricted context refuses. */
		INVALID_EXPRESSION,

		/** An expression threw when it was evaluated. */
		EVALUATION_FAILED,

		/** The value expression gave something other than a number. */
		NOT_A_NUMBER,

		/** The condition gave something other than a boolean. */
		NOT_A_BOOLEAN,

		/** A tag expression gave something other than a String, Number, Boolean or enum. */
		INVALID_TAG_VALUE,

		/** The input of a business tracker call was null or malformed. */
		INVALID_INPUT

	}

}
