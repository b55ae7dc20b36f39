package dev.bduf.metrics.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bduf.metrics.history.Resolution;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the reporters.
 */
@ConfigurationProperties("bduf.metrics.reporters")
public class ReportersProperties {

	/**
	 * Capacity of each reporter's queue of snapshots. When a reporter falls behind and its
	 * queue is full, its oldest waiting snapshot is dropped and counted.
	 */
	private int queueSize = 64;

	private final Json json = new Json();

	private final Console console = new Console();

	public int getQueueSize() {
		return this.queueSize;
	}

	public void setQueueSize(int queueSize) {
		this.queueSize = queueSize;
	}

	public Json getJson() {
		return this.json;
	}

	public Console getConsole() {
		return this.console;
	}

	/**
	 * The JSON reporter.
	 */
	public static class Json {

		/**
		 * Whether step snapshots are exported as JSON documents. Needs a file or a url.
		 */
		private boolean enabled;

		/**
		 * Snapshots to export: RAW (one per history step), MINUTE or TEN_MINUTES
		 * (rollups).
		 */
		private Resolution resolution = Resolution.RAW;

		/**
		 * File to append the documents to, one JSON document per line.
		 */
		private @Nullable Path file;

		/**
		 * HTTP or HTTPS endpoint to POST each document to (Content-Type
		 * application/json).
		 */
		private @Nullable URI url;

		/**
		 * Connect and request timeout of one POST.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Attempts per document: a POST that fails to connect, times out, or is answered
		 * 408, 429 or 5xx is retried up to this many attempts in all.
		 */
		private int maxAttempts = 4;

		/**
		 * Wait before the second attempt of a POST; it doubles for each further attempt.
		 */
		private Duration initialBackoff = Duration.ofMillis(500);

		/**
		 * Longest wait between two attempts of a POST.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/**
		 * Extra headers of each POST, such as Authorization.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Resolution getResolution() {
			return this.resolution;
		}

		public void setResolution(Resolution resolution) {
			this.resolution = resolution;
		}

		public @Nullable Path getFile() {
			return this.file;
		}

		public void setFile(@Nullable Path file) {
			this.file = file;
		}

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

	}

	/**
	 * The console reporter.
	 */
	public static class Console {

		/**
		 * Whether a table of the busiest series is logged for each snapshot of the
		 * resolution.
		 */
		private boolean enabled;

		/**
		 * Snapshots to log a table of: RAW (every history step), MINUTE or TEN_MINUTES.
		 */
		private Resolution resolution = Resolution.MINUTE;

		/**
		 * Number of series in each table: the counters, timers and summaries with the
		 * most events per second.
		 */
		private int top = 10;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Resolution getResolution() {
			return this.resolution;
		}

		public void setResolution(Resolution resolution) {
			this.resolution = resolution;
		}

		public int getTop() {
			return this.top;
		}

		public void setTop(int top) {
			this.top = top;
		}

	}

}
