package dev.bduf.metrics.collector;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Clock;

/**
 * The collector's own counts: recordings accepted, rejected (by reason, logged at a
 * limited rate), sent to an overflow series, timer handles open, and the sliding health
 * window judged over them. Lock-free on the recording path.
 */
final class CollectorMonitor {

	private final Clock clock;

	private final LongAdder recorded = new LongAdder();

	private final LongAdder overflowed = new LongAdder();

	private final LongAdder timersOpen = new LongAdder();

	final Rejections rejections;

	private final HealthWindow health;

	final Instant since;

	CollectorMonitor(Clock clock, CollectorSettings settings) {
		this.clock = clock;
		this.rejections = new Rejections(clock, settings.rejectionLogInterval().toNanos());
		this.health = new HealthWindow(clock.monotonicTime(), settings.healthWindow().toNanos(),
				settings.healthMinAttempts(), settings.maxRejectionRatio(), settings.maxRegistryErrorRatio());
		this.since = Instant.ofEpochMilli(clock.wallTime());
	}

	void recorded() {
		this.recorded.increment();
	}

	void overflowed() {
		this.recorded.increment();
		this.overflowed.increment();
	}

	long recordedCount() {
		return this.recorded.sum();
	}

	long overflowedCount() {
		return this.overflowed.sum();
	}

	void timerOpened() {
		this.timersOpen.increment();
	}

	void timerClosed() {
		this.timersOpen.decrement();
	}

	long timersOpen() {
		return this.timersOpen.sum();
	}

	void sampleHealth() {
		long rejected = this.rejections.total();
		this.health.sample(this.clock.monotonicTime(), this.recorded.sum() + rejected, rejected,
				this.rejections.countOf(RejectionReason.REGISTRY_ERROR));
	}

	CollectorHealth health() {
		long rejected = this.rejections.total();
		return this.health.evaluate(this.clock.monotonicTime(), this.recorded.sum() + rejected, rejected,
				this.rejections.countOf(RejectionReason.REGISTRY_ERROR));
	}

}
