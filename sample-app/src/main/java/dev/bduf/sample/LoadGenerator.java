package dev.bduf.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives the orchestrator's services the way users would: at {@code sample.load.rate}
 * actions per second it plans projects (35%), analyses them (40%, asynchronously) and
 * views them (25%), with the slow calls and failures that {@link Faults} injects, and one
 * spike ({@code sample.load.spike-after}) of slow and failing calls. It stops by itself
 * after {@code sample.load.duration}.
 * <p>
 * Threads are bounded: one scheduler and {@code sample.load.threads} workers with a
 * queue of {@code sample.load.queue-size}; an action that finds the queue full is
 * skipped and counted. It counts what it did ({@link Counts}), so that a test can check
 * the business report against it. It starts with the application when
 * {@code sample.load.enabled} is {@code true}, and through {@code POST /load/start}.
 */
@Component
public class LoadGenerator implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LoadGenerator.class);

	private static final String[] TEAMS = { "core", "payments", "search", "platform" };

	private final PlanningService planning;

	private final AnalysisService analyses;

	private final Faults faults;

	private final SampleProperties.Load properties;

	private final Counts counts = new Counts();

	private final AtomicInteger runs = new AtomicInteger();

	private final Object lock = new Object();

	private @Nullable Run run;

	private volatile boolean lifecycleRunning;

	/**
	 * Create the generator.
	 * @param planning the planning service
	 * @param analyses the analysis service
	 * @param faults the faults, for the spike
	 * @param properties the sample's properties
	 */
	public LoadGenerator(PlanningService planning, AnalysisService analyses, Faults faults,
			SampleProperties properties) {
		this.planning = planning;
		this.analyses = analyses;
		this.faults = faults;
		this.properties = properties.getLoad();
	}

	/**
	 * Start a run, unless one is going on.
	 * @param rate actions per second
	 * @param duration how long it runs
	 * @param spikeAfter when its spike starts, {@link Duration#ZERO} for none
	 * @return the generator's status
	 */
	public Status start(double rate, Duration duration, Duration spikeAfter) {
		synchronized (this.lock) {
			if (this.run == null || this.run.finished) {
				this.run = new Run(this.runs.incrementAndGet(), rate, duration, spikeAfter);
				this.run.begin();
			}
			return status();
		}
	}

	/**
	 * Stop the current run now; actions already started finish.
	 * @return the generator's status
	 */
	public Status stopRun() {
		Run current;
		synchronized (this.lock) {
			current = this.run;
		}
		if (current != null) {
			current.finish();
		}
		return status();
	}

	/**
	 * Start a spike now (or extend the current one): calls get slower and many fail.
	 * @param duration how long it lasts
	 * @return the generator's status
	 */
	public Status spike(Duration duration) {
		this.faults.spike(duration);
		return status();
	}

	/**
	 * Wait until the current run has finished and its actions are done.
	 * @param timeout how long to wait at most
	 * @return whether it finished in time (also when there was no run)
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitFinished(Duration timeout) throws InterruptedException {
		Run current;
		synchronized (this.lock) {
			current = this.run;
		}
		return current == null || current.awaitFinished(timeout);
	}

	/**
	 * What the generator is doing and has done.
	 * @return the status
	 */
	public Status status() {
		Run current;
		synchronized (this.lock) {
			current = this.run;
		}
		boolean running = current != null && !current.finished;
		return new Status(running, (current != null) ? current.rate : 0,
				(current != null) ? current.startedAt : null, (current != null) ? current.stopsAt : null,
				this.faults.spiking(), this.faults.spikes(), this.counts.snapshot());
	}

	@Override
	public void start() {
		this.lifecycleRunning = true;
		if (this.properties.isEnabled()) {
			start(this.properties.getRate(), this.properties.getDuration(), this.properties.getSpikeAfter());
		}
	}

	@Override
	public void stop() {
		this.lifecycleRunning = false;
		Run current;
		synchronized (this.lock) {
			current = this.run;
		}
		if (current != null) {
			current.halt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.lifecycleRunning;
	}

	private void act() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		double choice = random.nextDouble();
		if (choice < 0.35) {
			plan(random);
		}
		else if (choice < 0.75) {
			analyse(random);
		}
		else {
			int projects = this.planning.count();
			long id = (projects > 0) ? random.nextLong(1, projects + 1) : 1;
			this.planning.view(id, "user-" + random.nextInt(500));
			this.counts.views.incrementAndGet();
		}
	}

	private void plan(ThreadLocalRandom random) {
		String team = TEAMS[random.nextInt(TEAMS.length)];
		// whole dollars, so that the sum of approved budgets is exact in a double
		long budget = random.nextLong(1_000, 50_000);
		try {
			Project project = this.planning.plan("project-" + random.nextInt(1_000_000), team, budget);
			this.counts.plans.incrementAndGet();
			if (project.approved()) {
				this.counts.approvedPlans.incrementAndGet();
				this.counts.approvedBudget.addAndGet(budget);
			}
		}
		catch (InjectedFailureException ex) {
			this.counts.failedPlans.incrementAndGet();
		}
	}

	private void analyse(ThreadLocalRandom random) {
		int projects = this.planning.count();
		long id = (projects > 0) ? random.nextLong(1, projects + 1) : 1;
		String kind = AnalysisService.KINDS.get(random.nextInt(AnalysisService.KINDS.size()));
		try {
			this.analyses.analyze(id, kind).get(60, TimeUnit.SECONDS);
			this.counts.analyses.incrementAndGet();
		}
		catch (ExecutionException | RejectedExecutionException ex) {
			this.counts.failedAnalyses.incrementAndGet();
		}
		catch (TimeoutException ex) {
			this.counts.unfinishedAnalyses.incrementAndGet();
		}
		catch (InterruptedException ex) {
			this.counts.unfinishedAnalyses.incrementAndGet();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One run of the generator: its threads, its schedule and its end.
	 */
	private final class Run {

		private final int number;

		private final double rate;

		private final Duration duration;

		private final Duration spikeAfter;

		private final ScheduledThreadPoolExecutor scheduler;

		private final ThreadPoolExecutor workers;

		private final Instant startedAt = Instant.now();

		private final Instant stopsAt;

		private volatile boolean finished;

		private final AtomicBoolean finishing = new AtomicBoolean();

		private final CountDownLatch done = new CountDownLatch(1);

		private @Nullable ScheduledFuture<?> ticks;

		Run(int number, double rate, Duration duration, Duration spikeAfter) {
			this.number = number;
			this.rate = rate;
			this.duration = duration;
			this.spikeAfter = spikeAfter;
			this.stopsAt = this.startedAt.plus(duration);
			this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> thread(task, "sample-load-" + number));
			this.scheduler.setRemoveOnCancelPolicy(true);
			// a stopped run drops its pending spike and end, so its thread ends at once
			this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			this.scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
			AtomicInteger threads = new AtomicInteger();
			int size = LoadGenerator.this.properties.getThreads();
			this.workers = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
					new ArrayBlockingQueue<>(LoadGenerator.this.properties.getQueueSize()),
					(task) -> thread(task, "sample-load-" + number + "-worker-" + threads.incrementAndGet()));
		}

		void begin() {
			long period = Math.max(1, (long) (1e9 / this.rate));
			this.ticks = this.scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
			boolean spike = !this.spikeAfter.isNegative() && !this.spikeAfter.isZero()
					&& this.spikeAfter.compareTo(this.duration) < 0;
			if (spike) {
				this.scheduler.schedule(
						() -> LoadGenerator.this.faults.spike(LoadGenerator.this.properties.getSpikeDuration()),
						this.spikeAfter.toNanos(), TimeUnit.NANOSECONDS);
			}
			this.scheduler.schedule(this::finish, this.duration.toNanos(), TimeUnit.NANOSECONDS);
			logger.info("Load generator run " + this.number + ": " + this.rate + " actions/s for " + this.duration
					+ (spike ? ", a spike after " + this.spikeAfter : ""));
		}

		private void tick() {
			try {
				this.workers.execute(LoadGenerator.this::act);
			}
			catch (RejectedExecutionException ex) {
				LoadGenerator.this.counts.skipped.incrementAndGet();
			}
		}

		/**
		 * Stop scheduling, let started actions finish (bounded), and release the threads.
		 */
		void finish() {
			if (!this.finishing.compareAndSet(false, true)) {
				return;
			}
			ScheduledFuture<?> ticks = this.ticks;
			if (ticks != null) {
				ticks.cancel(false);
			}
			this.workers.shutdown();
			this.scheduler.shutdown();
			this.finished = true;
			try {
				if (!this.workers.awaitTermination(90, TimeUnit.SECONDS)) {
					this.workers.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				this.workers.shutdownNow();
				Thread.currentThread().interrupt();
			}
			finally {
				this.done.countDown();
			}
			logger.info("Load generator run " + this.number + " stopped: " + LoadGenerator.this.counts.snapshot());
		}

		/**
		 * Stop now, as the application closes.
		 */
		void halt() {
			this.finishing.set(true);
			this.finished = true;
			this.scheduler.shutdownNow();
			this.workers.shutdownNow();
			try {
				this.workers.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.done.countDown();
		}

		boolean awaitFinished(Duration timeout) throws InterruptedException {
			return this.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		private static Thread thread(Runnable task, String name) {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		}

	}

	/**
	 * What the generator did, counted as it happened.
	 */
	static final class Counts {

		final AtomicLong plans = new AtomicLong();

		final AtomicLong approvedPlans = new AtomicLong();

		final AtomicLong approvedBudget = new AtomicLong();

		final AtomicLong failedPlans = new AtomicLong();

		final AtomicLong analyses = new AtomicLong();

		final AtomicLong failedAnalyses = new AtomicLong();

		final AtomicLong unfinishedAnalyses = new AtomicLong();

		final AtomicLong views = new AtomicLong();

		final AtomicLong skipped = new AtomicLong();

		Totals snapshot() {
			return new Totals(this.plans.get(), this.approvedPlans.get(), this.approvedBudget.get(),
					this.failedPlans.get(), this.analyses.get(), this.failedAnalyses.get(),
					this.unfinishedAnalyses.get(), this.views.get(), this.skipped.get());
		}

	}

	/**
	 * What the generator did since the application started, over all its runs.
	 *
	 * @param plans projects planned
	 * @param approvedPlans of which approved
	 * @param approvedBudget their budgets, in US dollars
	 * @param failedPlans plans that failed
	 * @param analyses analyses completed
	 * @param failedAnalyses analyses that failed or were refused
	 * @param unfinishedAnalyses analyses not waited for (the run was stopped)
	 * @param views project views
	 * @param skipped actions skipped because the workers were all busy
	 */
	public record Totals(long plans, long approvedPlans, long approvedBudget, long failedPlans, long analyses,
			long failedAnalyses, long unfinishedAnalyses, long views, long skipped) {

	}

	/**
	 * The generator's status.
	 *
	 * @param running whether a run is going on
	 * @param rate the run's actions per second
	 * @param startedAt when the run started, {@code null} before the first
	 * @param stopsAt when it stops by itself
	 * @param spiking whether a spike is going on
	 * @param spikes spikes started so far
	 * @param totals what the generator did
	 */
	public record Status(boolean running, double rate, @Nullable Instant startedAt, @Nullable Instant stopsAt,
			boolean spiking, long spikes, Totals totals) {

	}

}
