package dev.bduf.metrics.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingSession;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.SnapshotTaker;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The source of every live stream. Only while someone subscribes, it snapshots the
 * registry on one background thread ({@value #THREAD_NAME}), once per distinct
 * subscribed interval (never more often than {@link StreamSettings#minInterval()}),
 * converts the snapshot once, and offers each subscriber the series its filter selects.
 * Offering never waits: each subscriber has a bounded queue that drops its oldest update
 * when full (see {@link StreamSubscription}). Alert events ({@link #publishAlert}) go to
 * every subscriber.
 * <p>
 * Every update takes the next number of one sequence. The most recent updates are kept
 * in a bounded replay buffer, so a client that reconnects with the last sequence number
 * it saw gets what it missed, or is told how much of it is gone.
 */
public final class StreamHub implements AutoCloseable {

	/**
	 * The name of the thread that takes the snapshots.
	 */
	public static final String THREAD_NAME = "bduf-metrics-stream";

	private static final Log logger = LogFactory.getLog(StreamHub.class);

	private static final double RELATIVE_ACCURACY = 0.01;

	private final MeterRegistry registry;

	private final Clock clock;

	private final StreamSettings settings;

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Map<String, StreamSubscription> subscriptions = new ConcurrentHashMap<>();

	/** Serialises sequence numbers, the replay buffer and offers, so queues stay in order. */
	private final Object publishLock = new Object();

	// guarded by publishLock
	private final ArrayDeque<Object> replay = new ArrayDeque<>();

	// guarded by publishLock
	private final Map<Duration, Group> groups = new HashMap<>();

	// guarded by publishLock
	private @Nullable ScheduledThreadPoolExecutor scheduler;

	private final ExecutorService delivery;

	private volatile boolean closed;

	/**
	 * A hub over a registry.
	 * @param registry the registry to stream
	 * @param clock the clock of the update times
	 * @param settings the limits
	 */
	public StreamHub(MeterRegistry registry, Clock clock, StreamSettings settings) {
		this.registry = registry;
		this.clock = clock;
		this.settings = settings;
		this.delivery = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemon(THREAD_NAME + "-delivery-"));
	}

	/**
	 * The limits.
	 * @return the settings
	 */
	public StreamSettings settings() {
		return this.settings;
	}

	/**
	 * Open a stream for the Java API.
	 * @param config what to stream
	 * @return the session; refused ones carry their {@link StreamingSession#error()}
	 */
	public StreamingSession start(@Nullable StreamingConfig config) {
		return open(config, null);
	}

	/**
	 * Close a stream by id.
	 * @param id the session's id
	 * @return whether an open stream was closed
	 */
	public boolean stop(String id) {
		StreamSubscription subscription = this.subscriptions.get(id);
		if (subscription == null || !subscription.isOpen()) {
			return false;
		}
		subscription.close();
		return true;
	}

	/**
	 * Open a stream, resuming after an update a client already has.
	 * @param config what to stream ({@code null} for every series, every second)
	 * @param lastEventId the sequence number of the last update the client got, or
	 * {@code null} for a new stream
	 * @return the subscription; a refused one has a {@link StreamSubscription#problem()}
	 * and an {@link StreamSubscription#error()}
	 */
	public StreamSubscription open(@Nullable StreamingConfig config, @Nullable Long lastEventId) {
		StreamingConfig effective = (config != null) ? config : StreamingConfig.of();
		String id = "stream-" + this.ids.incrementAndGet();
		String problem = effective.problem();
		if (problem != null) {
			return StreamSubscription.refused(id, effective, StreamSubscription.Problem.INVALID, problem);
		}
		Duration interval = (effective.interval().compareTo(this.settings.minInterval()) < 0)
				? this.settings.minInterval() : effective.interval();
		StreamSubscription subscription = new StreamSubscription(id, effective, interval, this,
				new StreamFilter(effective.names(), effective.tags()), this.settings.queueSize(), this.delivery);
		synchronized (this.publishLock) {
			if (this.closed) {
				return StreamSubscription.refused(id, effective, StreamSubscription.Problem.CLOSED,
						"The stream hub is closed");
			}
			if (this.subscriptions.size() >= this.settings.maxSubscribers()) {
				return StreamSubscription.refused(id, effective, StreamSubscription.Problem.FULL,
						"Too many stream subscribers: " + this.settings.maxSubscribers()
								+ " are open (bduf.metrics.stream.max-subscribers)");
			}
			if (lastEventId != null) {
				replay(subscription, lastEventId);
			}
			this.subscriptions.put(id, subscription);
			Group group = this.groups.get(interval);
			if (group == null) {
				group = new Group(interval);
				this.groups.put(interval, group);
				schedule(group);
			}
			group.subscribers.add(subscription);
		}
		return subscription;
	}

	private void replay(StreamSubscription subscription, long lastEventId) {
		long current = this.sequence.get();
		if (lastEventId >= current || lastEventId < 0) {
			// nothing newer, or an id from before a restart: a fresh stream
			return;
		}
		Object oldest = this.replay.peekFirst();
		long oldestSeq = (oldest != null) ? seq(oldest) : current + 1;
		if (oldestSeq > lastEventId + 1) {
			subscription.lost(oldestSeq - lastEventId - 1);
		}
		for (Object entry : this.replay) {
			if (seq(entry) <= lastEventId) {
				continue;
			}
			if (entry instanceof Frame frame) {
				if (frame.interval.equals(subscription.interval())) {
					subscription.offer(frame.snapshot(subscription.filter, subscription.config().mode()));
				}
			}
			else {
				subscription.offer((StreamingUpdate) entry);
			}
		}
	}

	private static long seq(Object entry) {
		return (entry instanceof Frame frame) ? frame.seq : ((StreamingUpdate) entry).seq();
	}

	// guarded by publishLock
	private void schedule(Group group) {
		ScheduledThreadPoolExecutor executor = this.scheduler;
		if (executor == null) {
			executor = new ScheduledThreadPoolExecutor(1, daemon(THREAD_NAME));
			executor.setRemoveOnCancelPolicy(true);
			executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			this.scheduler = executor;
		}
		long nanos = group.interval.toNanos();
		// the first snapshot only primes the taker, so the first delta covers one interval
		prime(group);
		group.future = executor.scheduleAtFixedRate(() -> tick(group), nanos, nanos, TimeUnit.NANOSECONDS);
	}

	void remove(StreamSubscription subscription) {
		synchronized (this.publishLock) {
			this.subscriptions.remove(subscription.id(), subscription);
			Group group = this.groups.get(subscription.interval());
			if (group != null && group.subscribers.remove(subscription) && group.subscribers.isEmpty()) {
				this.groups.remove(group.interval);
				ScheduledFuture<?> future = group.future;
				if (future != null) {
					future.cancel(false);
				}
				if (this.groups.isEmpty() && this.scheduler != null) {
					// nobody listens: no snapshots and no thread
					this.scheduler.shutdown();
					this.scheduler = null;
				}
			}
		}
	}

	private void prime(Group group) {
		try {
			group.taker.take(Instant.ofEpochMilli(this.clock.wallTime()), group.interval);
		}
		catch (RuntimeException ex) {
			this.failures.incrementAndGet();
		}
	}

	/**
	 * Take one snapshot for an interval and offer it to that interval's subscribers.
	 */
	void tick(Group group) {
		try {
			long now = this.clock.wallTime();
			List<SeriesPoint> points = group.taker
				.take(Instant.ofEpochMilli(now).minus(group.interval), group.interval)
				.points();
			Map<Map<String, String>, Map<String, String>> tagCache = Frame.newTagCache();
			List<Frame.Row> rows = Frame.rows(points, group.tagCache, tagCache);
			group.tagCache = tagCache;
			synchronized (this.publishLock) {
				Frame frame = new Frame(this.sequence.incrementAndGet(), Instant.ofEpochMilli(now), group.interval,
						rows);
				remember(frame);
				for (StreamSubscription subscription : group.subscribers) {
					subscription.offer(frame.snapshot(subscription.filter, subscription.config().mode()));
				}
			}
		}
		catch (RuntimeException ex) {
			if (this.failures.getAndIncrement() == 0) {
				logger.warn("A live stream snapshot failed; later failures are logged at debug level", ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("A live stream snapshot failed", ex);
			}
		}
	}

	// guarded by publishLock
	private void remember(Object entry) {
		if (this.settings.replaySize() == 0) {
			return;
		}
		if (this.replay.size() >= this.settings.replaySize()) {
			this.replay.pollFirst();
		}
		this.replay.addLast(entry);
	}

	/**
	 * Send an alert change to every subscriber. Never waits for one.
	 * @param event the change
	 */
	public void publishAlert(AlertEvent event) {
		if (this.closed) {
			return;
		}
		synchronized (this.publishLock) {
			if (this.subscriptions.isEmpty() && this.settings.replaySize() == 0) {
				return;
			}
			StreamingUpdate.Alert alert = new StreamingUpdate.Alert(this.sequence.incrementAndGet(), event.rule(),
					event.metric(), event.tags(), event.value(), event.threshold(), event.state().name(),
					event.previous().name(), event.since(), event.severity());
			remember(alert);
			for (StreamSubscription subscription : this.subscriptions.values()) {
				subscription.offer(alert);
			}
		}
	}

	/**
	 * The open subscriptions.
	 * @return a copy, oldest first
	 */
	public List<StreamSubscription> subscriptions() {
		List<StreamSubscription> open = new ArrayList<>(this.subscriptions.values());
		open.sort(Comparator.comparingLong((subscription) -> Long.parseLong(subscription.id().substring(7))));
		return open;
	}

	/**
	 * How many streams are open.
	 * @return the subscribers
	 */
	public int subscribers() {
		return this.subscriptions.size();
	}

	/**
	 * The last sequence number given out.
	 * @return the sequence number, 0 before the first update
	 */
	public long lastSequence() {
		return this.sequence.get();
	}

	/**
	 * Snapshots that failed.
	 * @return the failures
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * Whether the hub's snapshot thread is running (only while someone subscribes).
	 * @return {@code true} while snapshots are scheduled
	 */
	public boolean isActive() {
		synchronized (this.publishLock) {
			return this.scheduler != null;
		}
	}

	/**
	 * Close every stream and stop the threads.
	 */
	@Override
	public void close() {
		this.closed = true;
		for (StreamSubscription subscription : new ArrayList<>(this.subscriptions.values())) {
			subscription.close();
		}
		synchronized (this.publishLock) {
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
				this.scheduler = null;
			}
			this.replay.clear();
		}
		this.delivery.shutdown();
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable,
					name.endsWith("-") ? name + count.incrementAndGet() : name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * The subscribers of one interval and the snapshots taken for them.
	 */
	final class Group {

		final Duration interval;

		final SnapshotTaker taker;

		final List<StreamSubscription> subscribers = new CopyOnWriteArrayList<>();

		volatile @Nullable ScheduledFuture<?> future;

		// only touched on the snapshot thread
		Map<Map<String, String>, Map<String, String>> tagCache = Frame.newTagCache();

		Group(Duration interval) {
			this.interval = interval;
			this.taker = new SnapshotTaker(StreamHub.this.registry, "stream", RELATIVE_ACCURACY);
		}

	}

}
