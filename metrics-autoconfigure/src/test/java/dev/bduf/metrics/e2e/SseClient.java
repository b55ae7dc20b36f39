package dev.bduf.metrics.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client over {@code java.net.http}: connects, then reads events on
 * a thread of its own into a queue, as a browser's {@code EventSource} parses them.
 */
final class SseClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	final int status;

	final @Nullable String body;

	final @Nullable String contentType;

	final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	final AtomicInteger heartbeats = new AtomicInteger();

	private final @Nullable Stream<String> lines;

	private final @Nullable Thread reader;

	private SseClient(HttpResponse<Stream<String>> response) {
		this.status = response.statusCode();
		this.contentType = response.headers().firstValue("Content-Type").orElse(null);
		if (this.status != 200) {
			this.body = String.join("\n", response.body().toList());
			this.lines = null;
			this.reader = null;
			return;
		}
		this.body = null;
		this.lines = response.body();
		this.reader = new Thread(this::read, "sse-client");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static SseClient connect(String url, @Nullable String lastEventId) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/event-stream")
			.GET();
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		try {
			return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void read() {
		String id = null;
		String event = null;
		StringBuilder data = new StringBuilder();
		try {
			Iterator<String> it = this.lines.iterator();
			while (it.hasNext()) {
				String line = it.next();
				if (line.isEmpty()) {
					if (data.length() > 0) {
						this.events.add(new Event(id, (event != null) ? event : "message", data.toString()));
					}
					id = null;
					event = null;
					data.setLength(0);
				}
				else if (line.startsWith(":")) {
					if (line.substring(1).trim().equals("heartbeat")) {
						this.heartbeats.incrementAndGet();
					}
				}
				else if (line.startsWith("id:")) {
					id = value(line, 3);
				}
				else if (line.startsWith("event:")) {
					event = value(line, 6);
				}
				else if (line.startsWith("data:")) {
					if (data.length() > 0) {
						data.append('\n');
					}
					data.append(value(line, 5));
				}
			}
		}
		catch (RuntimeException ex) {
			// closed
		}
	}

	private static String value(String line, int from) {
		String value = line.substring(from);
		return value.startsWith(" ") ? value.substring(1) : value;
	}

	Event next(Duration timeout) throws InterruptedException {
		Event event = this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (event == null) {
			throw new AssertionError("No event within " + timeout);
		}
		return event;
	}

	/**
	 * The next event that is not an alert.
	 */
	Event nextSnapshot(Duration timeout) throws InterruptedException {
		Event event = next(timeout);
		while (!event.event().equals("message")) {
			event = next(timeout);
		}
		return event;
	}

	@Override
	public void close() {
		if (this.lines != null) {
			this.lines.close();
		}
		if (this.reader != null) {
			this.reader.interrupt();
		}
	}

	/**
	 * One event.
	 */
	record Event(@Nullable String id, String event, String data) {

		JsonNode json() {
			return SseClient.json.readTree(this.data);
		}

		long seq() {
			return Long.parseLong(this.id);
		}

	}

}
