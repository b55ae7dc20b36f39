package dev.bduf.metrics.collector;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a collector's health on a schedule, every tenth of its health window, on one
 * daemon thread. Without it the window only moves when health is asked for, and a rarely
 * checked application would judge old errors as new.
 */
public final class CollectorHealthSampler implements AutoCloseable {

	private final ScheduledExecutorService scheduler;

	/**
	 * Start sampling.
	 * @param collector the collector to sample
	 */
	public CollectorHealthSampler(DefaultMetricsCollector collector) {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "bduf-metrics-health-sampler");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(1, collector.healthSampleInterval().toMillis());
		this.scheduler.scheduleAtFixedRate(collector::sampleHealth, interval, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stop sampling.
	 */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
