package dev.bduf.metrics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Takes a {@link StepSnapshot} of every meter of a {@link MeterRegistry} each step, on
 * one background thread of its own, merges the steps into one-minute and ten-minute
 * {@link Rollups}, and hands raw steps and completed rollups to its sinks (the storage,
 * reporters, live streams).
 * <p>
 * Steps are aligned to the epoch and timed by Micrometer's {@link Clock}: the thread
 * wakes every second (or every step, if shorter) and records a step once the clock has
 * passed its end, so a test moves a {@code MockClock} and calls {@link #recordStep()}
 * (or {@link #recordIfDue()}) directly. What a step holds per meter kind is described on
 * {@link SeriesPoint}; the percentiles come from histogram buckets as described on
 * {@code BucketSketcher}. A failing sink is counted and logged, and never stops the
 * others or the recorder.
 */
public final class HistoryRecorder implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HistoryRecorder.class);

	private final SnapshotTaker taker;

	private final Rollups rollups;

	private final Clock clock;

	private final Duration step;

	private final long stepMillis;

	private final List<Consumer<StepSnapshot>> sinks;

	private final Object lock = new Object();

	private volatile @Nullable ScheduledExecutorService executor;

	private long lastEnd = Long.MIN_VALUE;

	private volatile long steps;

	private volatile long sinkFailures;

	private volatile long lastStepNanos;

	private volatile int lastSeries;

	/**
	 * Create a recorder.
	 * @param registry the registry whose meters it records
	 * @param clock the clock that times steps
	 * @param step the step; at least 100 milliseconds, and it should divide one minute
	 * @param instanceId the instance id written on every snapshot
	 * @param relativeAccuracy the relative accuracy of the quantile sketches
	 * @param sinks what receives each raw step and each completed rollup
	 */
	public HistoryRecorder(MeterRegistry registry, Clock clock, Duration step, String instanceId,
			double relativeAccuracy, List<Consumer<StepSnapshot>> sinks) {
		Objects.requireNonNull(registry, "registry");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.step = Objects.requireNonNull(step, "step");
		if (step.toMillis() < 100) {
			throw new IllegalArgumentException("step must be at least 100ms: " + step);
		}
		Sketch.newDDSketch(relativeAccuracy);
		this.stepMillis = step.toMillis();
		this.taker = new SnapshotTaker(registry, instanceId, relativeAccuracy);
		this.rollups = new Rollups(relativeAccuracy);
		this.sinks = List.copyOf(sinks);
	}

	/**
	 * The step.
	 * @return the step
	 */
	public Duration step() {
		return this.step;
	}

	/**
	 * Record the step that ended last, unless it was recorded already.
	 * @return the raw snapshot, or {@code null} if this step was recorded already
	 */
	public @Nullable StepSnapshot recordStep() {
		synchronized (this.lock) {
			long end = Math.floorDiv(this.clock.wallTime(), this.stepMillis) * this.stepMillis;
			if (end <= this.lastEnd) {
				return null;
			}
			this.lastEnd = end;
			long started = System.nanoTime();
			StepSnapshot raw = this.taker.take(Instant.ofEpochMilli(end - this.stepMillis), this.step);
			publish(raw);
			for (StepSnapshot rollup : this.rollups.add(raw)) {
				publish(rollup);
			}
			this.lastSeries = raw.points().size();
			this.lastStepNanos = System.nanoTime() - started;
			this.steps++;
			return raw;
		}
	}

	/**
	 * Record a step if the clock has passed the end of one that was not recorded yet.
	 * Never throws.
	 */
	public void recordIfDue() {
		try {
			recordStep();
		}
		catch (RuntimeException ex) {
			logger.warn("Recording a metrics history step failed", ex);
		}
	}

	private void publish(StepSnapshot snapshot) {
		for (Consumer<StepSnapshot> sink : this.sinks) {
			try {
				sink.accept(snapshot);
			}
			catch (RuntimeException ex) {
				if (this.sinkFailures++ == 0) {
					logger.warn("A metrics history sink failed; later failures are logged at debug level", ex);
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("A metrics history sink failed", ex);
				}
			}
		}
	}

	/**
	 * Start at the current step: steps are recorded from the next step boundary on, and
	 * the first one also holds what the meters counted before (while the application
	 * started), so that nothing recorded before the recorder started is lost from history.
	 */
	@Override
	public void start() {
		synchronized (this.lock) {
			if (this.executor != null) {
				return;
			}
			this.lastEnd = Math.floorDiv(this.clock.wallTime(), this.stepMillis) * this.stepMillis;
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "bduf-metrics-history");
				thread.setDaemon(true);
				return thread;
			});
			long period = Math.min(this.stepMillis, 1000);
			executor.scheduleWithFixedDelay(this::recordIfDue, period, period, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this.lock) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Steps recorded since start.
	 * @return the count
	 */
	public long steps() {
		return this.steps;
	}

	/**
	 * Series in the last step.
	 * @return the count
	 */
	public int lastSeries() {
		return this.lastSeries;
	}

	/**
	 * How long the last step took to record and publish.
	 * @return the duration
	 */
	public Duration lastStepDuration() {
		return Duration.ofNanos(this.lastStepNanos);
	}

	/**
	 * Meters that could not be read, and sink calls that failed, since start.
	 * @return the count
	 */
	public long failures() {
		return this.taker.failures() + this.sinkFailures;
	}

}
