package dev.bduf.metrics.collector;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts rejected recordings by reason and logs them at a limited rate: at most one line
 * per reason per interval, saying how many more were rejected in between. Lock-free.
 */
final class Rejections {

	private static final Log logger = LogFactory.getLog(DefaultMetricsCollector.class);

	private static final RejectionReason[] REASONS = RejectionReason.values();

	private final LongAdder[] counts = new LongAdder[REASONS.length];

	private final AtomicLong[] nextLog = new AtomicLong[REASONS.length];

	private final AtomicLong[] loggedAt = new AtomicLong[REASONS.length];

	private final Clock clock;

	/** The last reason counted on each thread, so a caller can tell why a lookup failed. */
	private final ThreadLocal<RejectionReason> last = new ThreadLocal<>();

	private final long intervalNanos;

	Rejections(Clock clock, long intervalNanos) {
		this.clock = clock;
		this.intervalNanos = intervalNanos;
		for (int i = 0; i < REASONS.length; i++) {
			this.counts[i] = new LongAdder();
			this.nextLog[i] = new AtomicLong(Long.MIN_VALUE);
			this.loggedAt[i] = new AtomicLong();
		}
	}

	/**
	 * Count a rejection and log it if this reason has not been logged within the
	 * interval.
	 * @param reason why
	 * @param message what was rejected and how to fix it; built only when logged
	 * @param args message arguments for {@link String#format}
	 */
	void reject(RejectionReason reason, String message, Object... args) {
		int i = reason.ordinal();
		this.counts[i].increment();
		this.last.set(reason);
		if (shouldLog(i)) {
			log(i, String.format(message, args), null);
		}
	}

	/**
	 * Count a rejection the caller logs itself.
	 * @param reason why
	 */
	void count(RejectionReason reason) {
		this.counts[reason.ordinal()].increment();
		this.last.set(reason);
	}

	/**
	 * The reason of the last rejection counted on this thread.
	 * @param fallback what to answer when none was
	 * @return the reason
	 */
	RejectionReason lastOnThisThread(RejectionReason fallback) {
		RejectionReason reason = this.last.get();
		return (reason != null) ? reason : fallback;
	}

	/**
	 * Count a registry failure and log it, with its stack trace, at the limited rate.
	 * @param name the metric's name
	 * @param failure what the registry threw
	 */
	void registryError(String name, Throwable failure) {
		int i = RejectionReason.REGISTRY_ERROR.ordinal();
		this.counts[i].increment();
		this.last.set(RejectionReason.REGISTRY_ERROR);
		if (shouldLog(i)) {
			log(i, "Recording of metric '" + name + "' failed in the meter registry; the value was dropped", failure);
		}
	}

	/**
	 * Log, at the limited rate, that the registry refused a meter without throwing. The
	 * recordings it costs are counted by the caller, one by one.
	 * @param name the metric's name
	 * @param reason the registry's explanation
	 */
	void registryRefused(String name, String reason) {
		int i = RejectionReason.REGISTRY_ERROR.ordinal();
		if (shouldLog(i)) {
			log(i, "The meter registry refused metric '" + name + "', so its values are not exported: " + reason,
					null);
		}
	}

	private boolean shouldLog(int i) {
		long now = this.clock.monotonicTime();
		long next = this.nextLog[i].get();
		return (next == Long.MIN_VALUE || now - next >= 0) && this.nextLog[i].compareAndSet(next, now + this.intervalNanos);
	}

	private void log(int i, String message, Throwable failure) {
		long total = this.counts[i].sum();
		long previous = this.loggedAt[i].getAndSet(total);
		long suppressed = Math.max(0, total - previous - 1);
		String line = message + " [" + REASONS[i].name() + "]"
				+ ((suppressed > 0) ? "; " + suppressed + " more rejected for this reason since the last message" : "")
				+ "; at most one message per " + TimeUnit.NANOSECONDS.toSeconds(this.intervalNanos)
				+ "s per reason (bduf.metrics.rejection-log-interval)";
		if (failure != null) {
			logger.warn(line, failure);
		}
		else {
			logger.warn(line);
		}
	}

	long countOf(RejectionReason reason) {
		return this.counts[reason.ordinal()].sum();
	}

	long total() {
		long total = 0;
		for (LongAdder count : this.counts) {
			total += count.sum();
		}
		return total;
	}

	Map<RejectionReason, Long> byReason() {
		Map<RejectionReason, Long> result = new EnumMap<>(RejectionReason.class);
		for (RejectionReason reason : REASONS) {
			result.put(reason, this.counts[reason.ordinal()].sum());
		}
		return result;
	}

}
