package dev.bduf.metrics.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.bduf.metrics.history.Resolution;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

class JsonReporterTests {

	private final JsonSnapshotFormat format = new JsonSnapshotFormat();

	private HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void appendsOneDocumentPerLineToAFile(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("metrics/steps.jsonl");
		JsonReporter reporter = new JsonReporter(this.format, Snapshots.METADATA, Resolution.RAW, file, null);
		assertThat(reporter.accepts(Snapshots.raw(0))).isTrue();
		assertThat(reporter.accepts(Snapshots.rollup(Resolution.MINUTE))).isFalse();
		reporter.report(Snapshots.raw(0));
		reporter.report(Snapshots.raw(1));
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(2);
		assertThat(lines).extracting((line) -> this.format.read(line).snapshot())
			.containsExactly(Snapshots.raw(0), Snapshots.raw(1));
		assertThat(this.format.read(lines.get(0)).metadata()).isEqualTo(Snapshots.METADATA);
	}

	@Test
	void aReceiverThatFailsTwiceThenSucceedsGetsEveryDocumentExactlyOnce() throws Exception {
		AtomicInteger requests = new AtomicInteger();
		List<String> accepted = new CopyOnWriteArrayList<>();
		List<String> authorizations = new CopyOnWriteArrayList<>();
		start((exchange) -> {
			String body = read(exchange.getRequestBody());
			authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			// every document's first two attempts fail
			boolean fail = requests.incrementAndGet() % 3 != 0;
			if (!fail) {
				accepted.add(body);
			}
			exchange.sendResponseHeaders(fail ? 503 : 202, -1);
			exchange.close();
		});
		JsonReporter reporter = new JsonReporter(this.format, Snapshots.METADATA, Resolution.RAW, null,
				target(3, Map.of("Authorization", "Bearer t0k3n")));
		ReporterDispatcher dispatcher = new ReporterDispatcher(List.of(reporter), 16, new MockClock(),
				Snapshots.METADATA);
		try {
			for (int i = 0; i < 5; i++) {
				dispatcher.onSnapshot(Snapshots.raw(i));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> dispatcher.statuses().get(0).reported() == 5);
		}
		finally {
			dispatcher.close();
		}
		assertThat(requests).hasValue(15);
		assertThat(accepted).extracting((json) -> this.format.read(json).snapshot())
			.containsExactly(Snapshots.raw(0), Snapshots.raw(1), Snapshots.raw(2), Snapshots.raw(3),
					Snapshots.raw(4));
		assertThat(authorizations).containsOnly("Bearer t0k3n");
		assertThat(dispatcher.statuses().get(0).failed()).isZero();
	}

	@Test
	void givesUpAfterItsAttemptsAndDoesNotRetryAClientError() throws Exception {
		AtomicInteger requests = new AtomicInteger();
		AtomicInteger status = new AtomicInteger(500);
		start((exchange) -> {
			read(exchange.getRequestBody());
			requests.incrementAndGet();
			exchange.sendResponseHeaders(status.get(), -1);
			exchange.close();
		});
		JsonReporter reporter = new JsonReporter(this.format, Snapshots.METADATA, Resolution.RAW, null,
				target(3, Map.of()));
		assertThatIOException().isThrownBy(() -> reporter.report(Snapshots.raw(0)))
			.withMessageContaining("HTTP 500")
			.withMessageContaining("attempt 3 of 3");
		assertThat(requests).hasValue(3);

		status.set(400);
		assertThatIOException().isThrownBy(() -> reporter.report(Snapshots.raw(1)))
			.withMessageContaining("HTTP 400")
			.withMessageContaining("attempt 1 of 3");
		assertThat(requests).hasValue(4);
	}

	@Test
	void anUnreachableReceiverIsRetriedThenReported() throws Exception {
		start((exchange) -> exchange.close());
		int port = this.server.getAddress().getPort();
		this.server.stop(0);
		this.server = null;
		JsonReporter reporter = new JsonReporter(this.format, Snapshots.METADATA, Resolution.RAW, null,
				new JsonReporter.HttpTarget(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(2), 2,
						Duration.ofMillis(1), Duration.ofMillis(1), Map.of()));
		assertThatIOException().isThrownBy(() -> reporter.report(Snapshots.raw(0)))
			.withMessageContaining("attempt 2 of 2");
	}

	@Test
	void aFileFailureStillPostsThenIsReported(@TempDir Path directory) throws Exception {
		List<String> accepted = new CopyOnWriteArrayList<>();
		start((exchange) -> {
			accepted.add(read(exchange.getRequestBody()));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		Path notADirectory = Files.writeString(directory.resolve("file"), "x");
		JsonReporter reporter = new JsonReporter(this.format, Snapshots.METADATA, Resolution.RAW,
				notADirectory.resolve("steps.jsonl"), target(1, Map.of()));
		assertThatIOException().isThrownBy(() -> reporter.report(Snapshots.raw(0)));
		assertThat(accepted).hasSize(1);
	}

	@Test
	void rejectsAReporterWithoutATargetOrWithABadOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JsonReporter(this.format, Snapshots.METADATA, Resolution.RAW, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonReporter.HttpTarget(URI.create("ftp://x/"),
				Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ZERO, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonReporter.HttpTarget(URI.create("http://x/"),
				Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonReporter.HttpTarget(URI.create("http://x/"),
				Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ZERO, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonReporter.HttpTarget(URI.create("http://x/"),
				Duration.ofSeconds(1), 1, Duration.ofSeconds(-1), Duration.ZERO, Map.of()));
	}

	private JsonReporter.HttpTarget target(int attempts, Map<String, String> headers) {
		URI url = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/ingest");
		return new JsonReporter.HttpTarget(url, Duration.ofSeconds(10), attempts, Duration.ofMillis(5),
				Duration.ofMillis(20), headers);
	}

	private void start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", handler);
		this.server.start();
	}

	private static String read(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

}
