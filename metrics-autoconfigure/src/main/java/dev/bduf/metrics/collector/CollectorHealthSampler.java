package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Samples a collector's health on a schedule, every tenth of its health window, on one
 * daemon thread. Without it the window only moves when health is asked for, and a rarely
 * checked application would judge old errors as new.
 * <p>
 * A {@link SmartLifecycle}: the thread exists only between {@link #start()} and
 * {@link #stop()}, so only while the application context runs. A sample that throws is
 * logged (a warning the first time, then at debug level) and the next sample runs as
 * planned.
 */
public final class CollectorHealthSampler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CollectorHealthSampler.class);

	private final Runnable sample;

	private final long intervalMillis;

	private final AtomicLong failures = new AtomicLong();

	private final Object monitor = new Object();

	private @Nullable ScheduledExecutorService scheduler;

	/**
	 * A sampler of the given collector; it samples once started.
	 * @param collector the collector to sample
	 */
	public CollectorHealthSampler(DefaultMetricsCollector collector) {
		this(collector::sampleHealth, collector.healthSampleInterval());
	}

	CollectorHealthSampler(Runnable sample, Duration interval) {
		this.sample = sample;
		this.intervalMillis = Math.max(1, interval.toMillis());
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.scheduler != null) {
				return;
			}
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "bduf-metrics-health-sampler");
				thread.setDaemon(true);
				return thread;
			});
			scheduler.scheduleAtFixedRate(this::sample, this.intervalMillis, this.intervalMillis,
					TimeUnit.MILLISECONDS);
			this.scheduler = scheduler;
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
				this.scheduler = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.scheduler != null;
		}
	}

	/**
	 * Return how many samples have failed.
	 * @return the number of samples that threw
	 */
	public long getFailures() {
		return this.failures.get();
	}

	void sample() {
		try {
			this.sample.run();
		}
		catch (Throwable ex) {
			// A periodic task that throws is never run again: keep sampling whatever happens
			if (this.failures.getAndIncrement() == 0) {
				logger.warn("Sampling the metrics collector's health failed; sampling goes on, further failures "
						+ "are logged at debug level", ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Sampling the metrics collector's health failed", ex);
			}
		}
	}

}
