package dev.bduf.metrics.report;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.bduf.metrics.delivery.HttpDelivery;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.StepSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Exports step snapshots of one resolution as JSON documents ({@link JsonSnapshotFormat},
 * each carrying the {@link MetricMetadata} once): appended as JSON lines to a file,
 * POSTed one document per request to an HTTP endpoint, or both. An HTTP request that
 * times out, fails to connect, or is answered 408, 429 or 5xx is retried with exponential
 * backoff up to a number of attempts; another 4xx is not retried. It runs on its own
 * thread behind a bounded queue ({@link ReporterDispatcher}), so retries only delay this
 * reporter.
 */
public final class JsonReporter implements MetricsReporter {

	private final JsonSnapshotFormat format;

	private final MetricMetadata metadata;

	private final Resolution resolution;

	private final @Nullable Path file;

	private final @Nullable HttpDelivery http;

	/**
	 * A reporter.
	 * @param format the JSON format
	 * @param metadata the metadata of this process, carried by every document
	 * @param resolution the snapshots to export: raw steps or one rollup
	 * @param file the file to append JSON lines to, or {@code null}
	 * @param http the HTTP endpoint to POST documents to, or {@code null}
	 */
	public JsonReporter(JsonSnapshotFormat format, MetricMetadata metadata, Resolution resolution,
			@Nullable Path file, @Nullable HttpTarget http) {
		if (file == null && http == null) {
			throw new IllegalArgumentException("A JSON reporter needs a file or an HTTP endpoint");
		}
		this.format = Objects.requireNonNull(format, "format");
		this.metadata = Objects.requireNonNull(metadata, "metadata");
		this.resolution = Objects.requireNonNull(resolution, "resolution");
		this.file = file;
		this.http = (http != null) ? new HttpDelivery(http.url(), http.timeout(), http.maxAttempts(),
				http.initialBackoff(), http.maxBackoff(), http.headers()) : null;
	}

	@Override
	public String name() {
		return "json";
	}

	@Override
	public boolean accepts(StepSnapshot snapshot) {
		return snapshot.resolution() == this.resolution;
	}

	@Override
	public void report(StepSnapshot snapshot) throws IOException, InterruptedException {
		String json = this.format.write(new SnapshotDocument(this.metadata, snapshot));
		IOException failure = null;
		if (this.file != null) {
			try {
				append(this.file, json);
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		if (this.http != null) {
			post(this.http, json);
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static void append(Path file, String json) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND, StandardOpenOption.WRITE);
	}

	private static void post(HttpDelivery delivery, String json) throws IOException, InterruptedException {
		HttpDelivery.Outcome outcome = delivery.post(json.getBytes(StandardCharsets.UTF_8),
				HttpDelivery.Retries.ALWAYS);
		if (outcome.delivered()) {
			return;
		}
		IOException error = outcome.error();
		String failure = (error != null)
				? error.getClass().getSimpleName() + " posting to " + delivery.url() + ": " + error.getMessage()
				: "HTTP " + outcome.status() + " from " + delivery.url();
		throw new IOException(failure + " (attempt " + outcome.attempts() + " of " + delivery.maxAttempts() + ")");
	}

	/**
	 * Where and how to POST documents.
	 *
	 * @param url the endpoint, {@code http} or {@code https}
	 * @param timeout the connect and request timeout of one attempt
	 * @param maxAttempts attempts per document, at least 1
	 * @param initialBackoff the wait before the second attempt; it doubles for each next
	 * one
	 * @param maxBackoff the longest wait between two attempts
	 * @param headers extra request headers, such as an {@code Authorization}
	 */
	public record HttpTarget(URI url, Duration timeout, int maxAttempts, Duration initialBackoff,
			Duration maxBackoff, Map<String, String> headers) {

		/**
		 * Validate.
		 * @param url the endpoint
		 * @param timeout the timeout of one attempt, positive
		 * @param maxAttempts attempts per document, at least 1
		 * @param initialBackoff the first wait, not negative
		 * @param maxBackoff the longest wait, not negative
		 * @param headers extra request headers
		 */
		public HttpTarget {
			Objects.requireNonNull(url, "url");
			String scheme = url.getScheme();
			if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
				throw new IllegalArgumentException("url must be http or https: " + url);
			}
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("timeout must be positive: " + timeout);
			}
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
			}
			if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
				throw new IllegalArgumentException("backoff must not be negative");
			}
			headers = Map.copyOf(headers);
		}

	}

}
