package dev.bduf.metrics.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * POSTs a body to one URL, with a connect and request timeout per attempt and extra
 * headers, retrying what is worth retrying. A 2xx answer delivers the body. A connection
 * failure or timeout ({@link IOException}), a 5xx, 408 or 429 answer is retried after a
 * backoff that doubles from {@code initialBackoff} up to {@code maxBackoff}, up to
 * {@code maxAttempts} attempts in all; any other answer is not retried. The caller runs
 * it on a thread of its own: it blocks for the attempts and the waits between them.
 * <p>
 * Callers keep their own counts and messages: the {@link Outcome} tells how the last
 * attempt ended, and a {@link Retries} hears of every retry.
 */
public final class HttpDelivery {

	private final URI url;

	private final Duration timeout;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Map<String, String> headers;

	private final HttpClient client;

	/**
	 * Create a delivery and its HTTP client.
	 * @param url where bodies are POSTed
	 * @param timeout the connect and request timeout of one attempt
	 * @param maxAttempts attempts per body, at least 1
	 * @param initialBackoff the wait before the second attempt; it doubles for each next
	 * one
	 * @param maxBackoff the longest wait between two attempts
	 * @param headers extra request headers, such as an {@code Authorization}
	 */
	public HttpDelivery(URI url, Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
			Map<String, String> headers) {
		this.url = Objects.requireNonNull(url, "url");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
		}
		this.maxAttempts = maxAttempts;
		this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
		this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
		this.headers = Map.copyOf(headers);
		this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	/**
	 * POST a body, with {@code Content-Type: application/json}, retrying as described
	 * above. A {@link RuntimeException} of the HTTP client is not retried: it propagates.
	 * @param body the request body
	 * @param retries asked before every retry, and told of it
	 * @return how the last attempt ended
	 * @throws InterruptedException when interrupted during an attempt or a wait
	 */
	public Outcome post(byte[] body, Retries retries) throws InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		this.headers.forEach(builder::header);
		HttpRequest request = builder.build();
		long wait = this.initialBackoff.toMillis();
		for (int attempt = 1;; attempt++) {
			Outcome outcome;
			try {
				HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
				int status = response.statusCode();
				outcome = new Outcome(attempt, status, null);
				if (outcome.delivered() || !outcome.retriable()) {
					return outcome;
				}
			}
			catch (IOException ex) {
				outcome = new Outcome(attempt, -1, ex);
			}
			if (attempt >= this.maxAttempts || !retries.mayRetry()) {
				return outcome;
			}
			retries.retrying(outcome);
			Thread.sleep(wait);
			wait = Math.min(wait * 2, this.maxBackoff.toMillis());
		}
	}

	/**
	 * The URL bodies are POSTed to.
	 * @return the URL
	 */
	public URI url() {
		return this.url;
	}

	/**
	 * Attempts per body.
	 * @return at least 1
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * How the last attempt of a {@link HttpDelivery#post POST} ended.
	 *
	 * @param attempts the attempts made, at least 1
	 * @param status the HTTP status of the last answer, or {@code -1} when it had none
	 * @param error the failure of the last attempt when it had no answer, or {@code null}
	 */
	public record Outcome(int attempts, int status, @Nullable IOException error) {

		/**
		 * Whether the body was taken (a 2xx answer).
		 * @return whether delivered
		 */
		public boolean delivered() {
			return this.status >= 200 && this.status < 300;
		}

		/**
		 * Whether the last attempt failed in a way worth retrying: no answer, a 5xx, 408
		 * or 429.
		 * @return whether retriable
		 */
		public boolean retriable() {
			return this.error != null || this.status == 408 || this.status == 429 || this.status >= 500;
		}

	}

	/**
	 * Hears of the retries of one {@link HttpDelivery#post POST}.
	 */
	public interface Retries {

		/**
		 * No more than the attempt limit, and no say on retries.
		 */
		Retries ALWAYS = () -> true;

		/**
		 * Whether a failed attempt may still be retried (for example {@code false} once
		 * the caller is closing); asked only while attempts remain.
		 * @return whether to retry
		 */
		boolean mayRetry();

		/**
		 * Told before the wait that precedes a retry.
		 * @param failed how the failed attempt ended
		 */
		default void retrying(Outcome failed) {
		}

	}

}
