package dev.bduf.metrics.alert;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SnapshotListener;
import dev.bduf.metrics.history.StepSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Hands each raw step from the history thread to the alerting thread
 * ({@code bduf-metrics-alerts}), where the {@link AlertEvaluator} evaluates it and the
 * notifiers are called, so that rules, signals and notifiers never delay the history.
 * Steps wait in a bounded queue; a step that finds the queue full is dropped and counted.
 * Rollups are ignored.
 */
public final class AlertingSnapshotListener implements SnapshotListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(AlertingSnapshotListener.class);

	private final AlertEvaluator evaluator;

	private final ThreadPoolExecutor executor;

	private final AtomicLong dropped = new AtomicLong();

	/**
	 * Create a listener.
	 * @param evaluator the evaluator
	 * @param queueSize steps that may wait for the alerting thread, at least 1
	 */
	public AlertingSnapshotListener(AlertEvaluator evaluator, int queueSize) {
		this.evaluator = evaluator;
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize),
				(runnable) -> {
					Thread thread = new Thread(runnable, "bduf-metrics-alerts");
					thread.setDaemon(true);
					return thread;
				}, (runnable, executor) -> {
					if (this.dropped.getAndIncrement() == 0) {
						logger.warn("Alert evaluation falls behind the history steps; a step was dropped "
								+ "(later drops are not logged)");
					}
				});
	}

	@Override
	public void onSnapshot(StepSnapshot snapshot) {
		if (snapshot.resolution() == Resolution.RAW) {
			this.executor.execute(() -> evaluate(snapshot));
		}
	}

	private void evaluate(StepSnapshot snapshot) {
		try {
			this.evaluator.evaluate(snapshot);
		}
		catch (RuntimeException ex) {
			logger.warn("Evaluating alert rules failed", ex);
		}
	}

	/**
	 * Steps dropped because the queue was full.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.get();
	}

	/**
	 * Stop the alerting thread; steps still queued are not evaluated.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
