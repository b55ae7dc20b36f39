package dev.bduf.metrics.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingSession;
import dev.bduf.metrics.StreamingUpdate;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber of a {@link StreamHub}: a bounded queue the hub offers updates to
 * without ever waiting (when it is full the oldest update goes, and the next snapshot
 * taken says how many went), read either by pulling ({@link #poll(Duration)}, what the
 * servlet SSE writer does on its own thread) or through the {@link #updates() publisher},
 * which delivers on the hub's delivery executor as the subscriber requests.
 */
public final class StreamSubscription implements StreamingSession {

	private final String id;

	private final StreamingConfig config;

	private final @Nullable String error;

	private final Problem problem;

	private final Duration interval;

	private final @Nullable StreamHub hub;

	final @Nullable StreamFilter filter;

	private final int capacity;

	private final Executor delivery;

	// guarded by this
	private final ArrayDeque<StreamingUpdate> queue;

	// guarded by this
	private long pendingDropped;

	// guarded by this
	private long totalDropped;

	// guarded by this
	private long delivered;

	private volatile boolean closed;

	private final AtomicReference<Flow.@Nullable Subscriber<? super StreamingUpdate>> subscriber = new AtomicReference<>();

	private final AtomicLong requested = new AtomicLong();

	private final AtomicInteger wip = new AtomicInteger();

	private volatile boolean terminated;

	StreamSubscription(String id, StreamingConfig config, Duration interval, StreamHub hub, StreamFilter filter,
			int capacity, Executor delivery) {
		this.id = id;
		this.config = config;
		this.error = null;
		this.problem = Problem.NONE;
		this.interval = interval;
		this.hub = hub;
		this.filter = filter;
		this.capacity = capacity;
		this.delivery = delivery;
		this.queue = new ArrayDeque<>(Math.min(capacity, 64));
	}

	private StreamSubscription(String id, StreamingConfig config, Problem problem, String error) {
		this.id = id;
		this.config = config;
		this.error = error;
		this.problem = problem;
		this.interval = config.interval();
		this.hub = null;
		this.filter = null;
		this.capacity = 1;
		this.delivery = Runnable::run;
		this.queue = new ArrayDeque<>(1);
		this.closed = true;
	}

	static StreamSubscription refused(String id, StreamingConfig config, Problem problem, String error) {
		return new StreamSubscription(id, config, problem, error);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public StreamingConfig config() {
		return this.config;
	}

	@Override
	public @Nullable String error() {
		return this.error;
	}

	/**
	 * Why the subscription was refused.
	 * @return {@link Problem#NONE} for an open subscription
	 */
	public Problem problem() {
		return this.problem;
	}

	/**
	 * The interval the subscriber gets updates at: the one asked for, raised to the
	 * hub's minimum.
	 * @return the interval
	 */
	public Duration interval() {
		return this.interval;
	}

	@Override
	public boolean isOpen() {
		return !this.closed;
	}

	/**
	 * Updates this subscriber lost so far because its queue was full, or because they
	 * were gone from the replay buffer when it resumed.
	 * @return the updates lost
	 */
	public synchronized long dropped() {
		return this.totalDropped;
	}

	/**
	 * Updates waiting in the queue.
	 * @return the queue length
	 */
	public synchronized int queued() {
		return this.queue.size();
	}

	/**
	 * Updates taken from the queue so far.
	 * @return the updates delivered
	 */
	public synchronized long delivered() {
		return this.delivered;
	}

	// ------------------------------------------------------------------ producer side

	/**
	 * Offer an update; never waits for the consumer. A full queue drops its oldest.
	 */
	void offer(StreamingUpdate update) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			if (this.queue.size() >= this.capacity) {
				this.queue.pollFirst();
				this.pendingDropped++;
				this.totalDropped++;
			}
			this.queue.addLast(update);
			notifyAll();
		}
		signal();
	}

	/**
	 * Count updates lost before any in the queue (gone from the replay buffer).
	 */
	synchronized void lost(long count) {
		this.pendingDropped += count;
		this.totalDropped += count;
	}

	// ------------------------------------------------------------------ pull side

	/**
	 * Take the next update, waiting at most {@code timeout} for one.
	 * @param timeout how long to wait
	 * @return the update, or {@code null} when none came in time or the subscription is
	 * closed (see {@link #isOpen()})
	 * @throws InterruptedException when interrupted while waiting
	 */
	public @Nullable StreamingUpdate poll(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			while (this.queue.isEmpty() && !this.closed) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return null;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return takeLocked();
		}
	}

	private synchronized @Nullable StreamingUpdate takeNow() {
		return takeLocked();
	}

	private @Nullable StreamingUpdate takeLocked() {
		if (this.closed) {
			return null;
		}
		StreamingUpdate update = this.queue.pollFirst();
		if (update == null) {
			return null;
		}
		this.delivered++;
		if (this.pendingDropped > 0 && update instanceof StreamingUpdate.Snapshot snapshot) {
			// the lost count rides on the next snapshot (an alert event's JSON is the alert)
			update = snapshot.withDropped(this.pendingDropped);
			this.pendingDropped = 0;
		}
		return update;
	}

	// ------------------------------------------------------------------ lifecycle

	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.queue.clear();
			notifyAll();
		}
		if (this.hub != null) {
			this.hub.remove(this);
		}
		signal();
	}

	// ------------------------------------------------------------------ publisher side

	@Override
	public Flow.Publisher<StreamingUpdate> updates() {
		return this::subscribe;
	}

	private void subscribe(Flow.Subscriber<? super StreamingUpdate> candidate) {
		Objects.requireNonNull(candidate, "subscriber");
		if (this.error != null) {
			candidate.onSubscribe(NoSubscription.INSTANCE);
			candidate.onError(new IllegalArgumentException(this.error));
			return;
		}
		if (!this.subscriber.compareAndSet(null, candidate)) {
			candidate.onSubscribe(NoSubscription.INSTANCE);
			candidate.onError(new IllegalStateException("Stream " + this.id + " already has a subscriber"));
			return;
		}
		candidate.onSubscribe(new Flow.Subscription() {

			@Override
			public void request(long n) {
				if (n <= 0) {
					StreamSubscription.this.fail(
							new IllegalArgumentException("request must be positive (rule 3.9), got " + n));
					return;
				}
				StreamSubscription.this.requested.getAndUpdate((current) -> {
					long sum = current + n;
					return (sum < 0) ? Long.MAX_VALUE : sum;
				});
				signal();
			}

			@Override
			public void cancel() {
				StreamSubscription.this.terminated = true;
				close();
			}

		});
		signal();
	}

	private void fail(Throwable error) {
		Flow.Subscriber<? super StreamingUpdate> current = this.subscriber.get();
		boolean first = !this.terminated;
		this.terminated = true;
		close();
		if (first && current != null) {
			current.onError(error);
		}
	}

	private void signal() {
		if (this.subscriber.get() != null && this.wip.getAndIncrement() == 0) {
			try {
				this.delivery.execute(this::drain);
			}
			catch (RuntimeException ex) {
				// the executor is shut down: the hub is closing
				this.wip.set(0);
			}
		}
	}

	private void drain() {
		int missed = 1;
		for (;;) {
			Flow.Subscriber<? super StreamingUpdate> current = this.subscriber.get();
			if (current != null && !this.terminated) {
				long wanted = this.requested.get();
				long emitted = 0;
				while (emitted != wanted && !this.terminated) {
					StreamingUpdate update = takeNow();
					if (update == null) {
						break;
					}
					try {
						current.onNext(update);
					}
					catch (Throwable ex) {
						this.terminated = true;
						close();
						break;
					}
					emitted++;
				}
				if (emitted > 0 && wanted != Long.MAX_VALUE) {
					this.requested.addAndGet(-emitted);
				}
				if (this.closed && !this.terminated) {
					this.terminated = true;
					current.onComplete();
				}
			}
			missed = this.wip.addAndGet(-missed);
			if (missed == 0) {
				return;
			}
		}
	}

	@Override
	public String toString() {
		return "StreamSubscription[" + this.id + ", " + this.config + ((this.error != null) ? ", " + this.error : "")
				+ "]";
	}

	/**
	 * Why a subscription was refused.
	 */
	public enum Problem {

		/** It was not: the subscription is open. */
		NONE,

		/** The configuration is invalid. */
		INVALID,

		/** The hub has as many subscribers as it may. */
		FULL,

		/** The hub is closed. */
		CLOSED

	}

	private enum NoSubscription implements Flow.Subscription {

		INSTANCE;

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
		}

	}

}
