package dev.bduf.metrics.alert;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.delivery.HttpDelivery;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs every alert event as JSON to a URL ({@code bduf.metrics.alerts.webhook.*}), from
 * a bounded queue on a thread of its own ({@code bduf-metrics-alert-webhook}), so the
 * alerting thread never waits for the network.
 * <p>
 * The body is one object: {@code rule, metric, tags, value, threshold, state, previous,
 * since, severity} ({@code value} and {@code threshold} are {@code null} when not a
 * number, {@code since} an ISO-8601 instant). A 2xx answer delivers it. A connection
 * failure, a timeout, a 5xx, 408 or 429 answer is retried after a backoff that doubles
 * from {@code backoff} up to {@code maxBackoff}, up to {@code maxAttempts} attempts in
 * all; any other answer fails the event at once. Events that find the queue full are
 * dropped. Every outcome is counted ({@link #delivered()}, {@link #retries()},
 * {@link #failed()}, {@link #dropped()}) and failures are logged, the first at warn
 * level.
 */
public final class WebhookAlertNotifier implements AlertNotifier, AutoCloseable {

	private static final Log logger = LogFactory.getLog(WebhookAlertNotifier.class);

	private final HttpDelivery delivery;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final BlockingQueue<AlertEvent> queue;

	private final Thread worker;

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private final HttpDelivery.Retries whileRunning = new HttpDelivery.Retries() {

		@Override
		public boolean mayRetry() {
			return WebhookAlertNotifier.this.running;
		}

		@Override
		public void retrying(HttpDelivery.Outcome failed) {
			WebhookAlertNotifier.this.retries.incrementAndGet();
		}

	};

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private volatile boolean running = true;

	/**
	 * Create a notifier and start its thread.
	 * @param url where events are POSTed
	 * @param timeout the connect and request timeout of one attempt
	 * @param maxAttempts attempts per event, at least 1
	 * @param backoff the wait before the first retry
	 * @param maxBackoff the longest wait between attempts
	 * @param queueSize events that may wait for delivery, at least 1
	 * @param headers extra request headers (for example an authorization)
	 */
	public WebhookAlertNotifier(URI url, Duration timeout, int maxAttempts, Duration backoff, Duration maxBackoff,
			int queueSize, Map<String, String> headers) {
		this.delivery = new HttpDelivery(url, timeout, maxAttempts, backoff, maxBackoff, headers);
		if (queueSize < 1) {
			throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
		}
		this.queue = new ArrayBlockingQueue<>(queueSize);
		this.worker = new Thread(this::run, "bduf-metrics-alert-webhook");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	@Override
	public void notify(AlertEvent event) {
		if (!this.running || !this.queue.offer(event)) {
			if (this.dropped.getAndIncrement() == 0) {
				logger.warn("The alert webhook queue is full; events are dropped (later drops are not logged)");
			}
		}
	}

	private void run() {
		while (this.running) {
			AlertEvent event;
			try {
				event = this.queue.poll(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (event != null && !deliver(event)) {
				return;
			}
		}
	}

	/**
	 * Deliver one event with retries.
	 * @return {@code false} when interrupted
	 */
	private boolean deliver(AlertEvent event) {
		byte[] body;
		try {
			body = this.mapper.writeValueAsBytes(payload(event));
		}
		catch (RuntimeException ex) {
			fail(event, "it could not be written as JSON: " + ex);
			return true;
		}
		HttpDelivery.Outcome outcome;
		try {
			outcome = this.delivery.post(body, this.whileRunning);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (RuntimeException ex) {
			fail(event, ex.toString());
			return true;
		}
		if (outcome.delivered()) {
			this.delivered.incrementAndGet();
			return true;
		}
		IOException error = outcome.error();
		String problem = (error != null) ? error.toString() : "HTTP " + outcome.status();
		if (!outcome.retriable()) {
			fail(event, problem + " (not retried)");
		}
		else {
			fail(event, problem + " after " + outcome.attempts() + " attempts");
		}
		return true;
	}

	private void fail(AlertEvent event, String problem) {
		if (this.failed.getAndIncrement() == 0) {
			logger.warn("Alert webhook " + url() + " did not take the event of rule '" + event.rule() + "': "
					+ problem + "; later failures are logged at debug level");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Alert webhook " + url() + " did not take the event of rule '" + event.rule() + "': "
					+ problem);
		}
	}

	static Map<String, @Nullable Object> payload(AlertEvent event) {
		Map<String, @Nullable Object> payload = new LinkedHashMap<>();
		payload.put("rule", event.rule());
		payload.put("metric", event.metric());
		payload.put("tags", event.tags());
		payload.put("value", number(event.value()));
		payload.put("threshold", number(event.threshold()));
		payload.put("state", event.state().name());
		payload.put("previous", event.previous().name());
		payload.put("since", event.since().toString());
		payload.put("severity", event.severity());
		return payload;
	}

	private static @Nullable Object number(double value) {
		return Double.isFinite(value) ? value : null;
	}

	/**
	 * Events delivered.
	 * @return the count
	 */
	public long delivered() {
		return this.delivered.get();
	}

	/**
	 * Attempts that failed and were retried.
	 * @return the count
	 */
	public long retries() {
		return this.retries.get();
	}

	/**
	 * Events given up after their last attempt, or refused.
	 * @return the count
	 */
	public long failed() {
		return this.failed.get();
	}

	/**
	 * Events dropped because the queue was full.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.get();
	}

	/**
	 * Events waiting for delivery.
	 * @return the count
	 */
	public int queued() {
		return this.queue.size();
	}

	/**
	 * The URL events are POSTed to.
	 * @return the URL
	 */
	public URI url() {
		return this.delivery.url();
	}

	/**
	 * Stop the thread; events still queued are not delivered.
	 */
	@Override
	public void close() {
		this.running = false;
		this.worker.interrupt();
	}

}
