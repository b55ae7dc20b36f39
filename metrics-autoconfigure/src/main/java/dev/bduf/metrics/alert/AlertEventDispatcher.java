package dev.bduf.metrics.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Where every {@link AlertEvent} goes: published as a Spring application event (for the
 * {@code metricstream} endpoint and {@code @EventListener}s), kept in a bounded list of
 * recent events, and handed to every {@link AlertNotifier}. Each notifier is isolated: an
 * exception is counted, logged (the first at warn level, later ones at debug) and never
 * reaches the others.
 */
public final class AlertEventDispatcher implements Consumer<AlertEvent> {

	private static final Log logger = LogFactory.getLog(AlertEventDispatcher.class);

	private final @Nullable ApplicationEventPublisher publisher;

	private final List<AlertNotifier> notifiers;

	private final int capacity;

	private final Deque<AlertEvent> recent;

	private final AtomicLong dispatched = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	/**
	 * Create a dispatcher.
	 * @param publisher the application's event publisher, or {@code null} for none
	 * @param notifiers the notifiers, called in this order
	 * @param capacity how many recent events are kept, at least 0
	 */
	public AlertEventDispatcher(@Nullable ApplicationEventPublisher publisher, List<AlertNotifier> notifiers,
			int capacity) {
		if (capacity < 0) {
			throw new IllegalArgumentException("capacity must not be negative: " + capacity);
		}
		this.publisher = publisher;
		this.notifiers = List.copyOf(notifiers);
		this.capacity = capacity;
		this.recent = new ArrayDeque<>(Math.min(capacity, 1024));
	}

	@Override
	public void accept(AlertEvent event) {
		this.dispatched.incrementAndGet();
		if (this.capacity > 0) {
			synchronized (this.recent) {
				if (this.recent.size() == this.capacity) {
					this.recent.removeFirst();
				}
				this.recent.addLast(event);
			}
		}
		if (this.publisher != null) {
			try {
				this.publisher.publishEvent(event);
			}
			catch (RuntimeException ex) {
				failed("An application listener of alert events failed", ex);
			}
		}
		for (AlertNotifier notifier : this.notifiers) {
			try {
				notifier.notify(event);
			}
			catch (RuntimeException ex) {
				failed("Alert notifier " + notifier.getClass().getName() + " failed", ex);
			}
		}
	}

	private void failed(String message, RuntimeException ex) {
		if (this.failures.getAndIncrement() == 0) {
			logger.warn(message + "; later failures are logged at debug level", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	/**
	 * The recent events, newest first.
	 * @return at most the capacity's events
	 */
	public List<AlertEvent> recent() {
		synchronized (this.recent) {
			List<AlertEvent> events = new ArrayList<>(this.recent.size());
			for (Iterator<AlertEvent> it = this.recent.descendingIterator(); it.hasNext();) {
				events.add(it.next());
			}
			return events;
		}
	}

	/**
	 * Events dispatched since start.
	 * @return the count
	 */
	public long dispatched() {
		return this.dispatched.get();
	}

	/**
	 * Notifier and listener calls that threw, since start.
	 * @return the count
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * The notifiers.
	 * @return the notifiers, in call order
	 */
	public List<AlertNotifier> notifiers() {
		return this.notifiers;
	}

}
