package dev.bduf.metrics.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SnapshotListener;
import dev.bduf.metrics.history.StepSnapshot;
import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Hands every {@link StepSnapshot} to each {@link MetricsReporter} on a daemon thread of
 * the reporter's own, through a bounded queue: when a reporter falls behind and its queue
 * is full, its oldest waiting snapshot is dropped and counted. The history thread only
 * offers to the queues, so a slow or failing reporter never delays it, nor another
 * reporter.
 * <p>
 * It also keeps the latest raw step and the {@link MetricMetadata}, from which the
 * {@code collector} endpoint answers the JSON reporter's document on demand.
 */
public final class ReporterDispatcher implements SnapshotListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReporterDispatcher.class);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	private final List<Worker> workers;

	private final Clock clock;

	private final MetricMetadata metadata;

	private final @Nullable Function<SnapshotDocument, String> documentWriter;

	private volatile @Nullable StepSnapshot latest;

	private volatile boolean closing;

	/**
	 * A dispatcher without a JSON writer.
	 * @param reporters the reporters
	 * @param queueSize the capacity of each reporter's queue, at least 1
	 * @param clock the clock of the statuses
	 * @param metadata the metadata of this process
	 */
	public ReporterDispatcher(List<? extends MetricsReporter> reporters, int queueSize, Clock clock,
			MetricMetadata metadata) {
		this(reporters, queueSize, clock, metadata, null);
	}

	/**
	 * A dispatcher; each reporter's thread starts at once.
	 * @param reporters the reporters
	 * @param queueSize the capacity of each reporter's queue, at least 1
	 * @param clock the clock of the statuses
	 * @param metadata the metadata of this process
	 * @param documentWriter writes the JSON document of a snapshot for
	 * {@link #latestDocument()}, or {@code null} for none (no Jackson)
	 */
	public ReporterDispatcher(List<? extends MetricsReporter> reporters, int queueSize, Clock clock,
			MetricMetadata metadata, @Nullable Function<SnapshotDocument, String> documentWriter) {
		if (queueSize < 1) {
			throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
		}
		this.clock = clock;
		this.metadata = metadata;
		this.documentWriter = documentWriter;
		List<Worker> workers = new ArrayList<>(reporters.size());
		for (MetricsReporter reporter : reporters) {
			workers.add(new Worker(reporter, queueSize));
		}
		this.workers = List.copyOf(workers);
		this.workers.forEach(Worker::start);
	}

	/**
	 * Offer a snapshot to every reporter that accepts it. Never blocks and never throws.
	 * @param snapshot a raw step or a completed rollup
	 */
	@Override
	public void onSnapshot(StepSnapshot snapshot) {
		if (snapshot.resolution() == Resolution.RAW) {
			this.latest = snapshot;
		}
		if (this.closing) {
			return;
		}
		for (Worker worker : this.workers) {
			worker.offer(snapshot);
		}
	}

	/**
	 * The state of each reporter, in the order the reporters were given.
	 * @return one status per reporter
	 */
	public List<ReporterStatus> statuses() {
		List<ReporterStatus> statuses = new ArrayList<>(this.workers.size());
		for (Worker worker : this.workers) {
			statuses.add(worker.status());
		}
		return statuses;
	}

	/**
	 * The metadata of this process.
	 * @return the metadata
	 */
	public MetricMetadata metadata() {
		return this.metadata;
	}

	/**
	 * The latest raw step received.
	 * @return the snapshot, {@code null} before the first step
	 */
	public @Nullable StepSnapshot latest() {
		return this.latest;
	}

	/**
	 * The JSON document of the latest raw step, as the JSON reporter writes it.
	 * @return the document, {@code null} before the first step or without a JSON writer
	 */
	public @Nullable String latestDocument() {
		StepSnapshot snapshot = this.latest;
		Function<SnapshotDocument, String> writer = this.documentWriter;
		if (snapshot == null || writer == null) {
			return null;
		}
		return writer.apply(new SnapshotDocument(this.metadata, snapshot));
	}

	/**
	 * Stop taking snapshots, give each reporter up to two seconds to report what is
	 * queued, then stop its thread.
	 */
	@Override
	public void close() {
		this.closing = true;
		long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
		for (Worker worker : this.workers) {
			worker.stop(deadline);
		}
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.clock.wallTime());
	}

	/**
	 * One reporter's queue, thread and counts.
	 */
	private final class Worker implements Runnable {

		private final MetricsReporter reporter;

		private final String name;

		private final ArrayBlockingQueue<StepSnapshot> queue;

		private final Thread thread;

		private final AtomicLong reported = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final AtomicLong dropped = new AtomicLong();

		private volatile @Nullable StepSnapshot inProgress;

		private volatile @Nullable Instant lastSuccess;

		private volatile @Nullable Instant lastError;

		private volatile @Nullable String lastErrorMessage;

		private boolean failing;

		Worker(MetricsReporter reporter, int queueSize) {
			this.reporter = reporter;
			this.name = nameOf(reporter);
			this.queue = new ArrayBlockingQueue<>(queueSize);
			this.thread = new Thread(this, "bduf-reporter-" + this.name);
			this.thread.setDaemon(true);
		}

		private static String nameOf(MetricsReporter reporter) {
			try {
				String name = reporter.name();
				if (name != null && !name.isBlank()) {
					return name;
				}
			}
			catch (RuntimeException ex) {
				// fall back to the class name
			}
			return reporter.getClass().getSimpleName();
		}

		void start() {
			this.thread.start();
		}

		void offer(StepSnapshot snapshot) {
			try {
				if (!this.reporter.accepts(snapshot)) {
					return;
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Reporter '" + this.name + "' failed to tell whether it accepts a snapshot", ex);
				return;
			}
			while (!this.queue.offer(snapshot)) {
				if (this.queue.poll() != null) {
					this.dropped.incrementAndGet();
				}
			}
		}

		@Override
		public void run() {
			while (true) {
				StepSnapshot snapshot;
				try {
					snapshot = this.queue.poll(200, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					return;
				}
				if (snapshot == null) {
					if (ReporterDispatcher.this.closing) {
						return;
					}
					continue;
				}
				report(snapshot);
				if (Thread.currentThread().isInterrupted()) {
					return;
				}
			}
		}

		private void report(StepSnapshot snapshot) {
			this.inProgress = snapshot;
			try {
				this.reporter.report(snapshot);
				this.reported.incrementAndGet();
				this.lastSuccess = now();
				if (this.failing) {
					this.failing = false;
					logger.info("Reporter '" + this.name + "' reports again");
				}
			}
			catch (Throwable ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				this.failed.incrementAndGet();
				this.lastError = now();
				this.lastErrorMessage = ex.getClass().getName() + ": " + ex.getMessage();
				if (!this.failing) {
					this.failing = true;
					logger.warn("Reporter '" + this.name + "' failed to report a snapshot; further failures are "
							+ "logged at debug level until it succeeds again", ex);
				}
				else {
					logger.debug("Reporter '" + this.name + "' failed to report a snapshot", ex);
				}
			}
			finally {
				this.inProgress = null;
			}
		}

		ReporterStatus status() {
			StepSnapshot oldest = this.inProgress;
			if (oldest == null) {
				oldest = this.queue.peek();
			}
			Duration lag = Duration.ZERO;
			if (oldest != null) {
				Duration behind = Duration.between(oldest.end(), now());
				lag = behind.isNegative() ? Duration.ZERO : behind;
			}
			return new ReporterStatus(this.name, this.reported.get(), this.failed.get(), this.dropped.get(),
					this.queue.size(), this.lastSuccess, this.lastError, this.lastErrorMessage, lag);
		}

		void stop(long deadline) {
			try {
				this.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.thread.isAlive()) {
				this.thread.interrupt();
			}
		}

	}

}
