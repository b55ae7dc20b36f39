package dev.bduf.metrics.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared HTTP POST with retries, against a local server that fails before it
 * succeeds.
 */
class HttpDeliveryTests {

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	private URI server(int failures, int status) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/in", (exchange) -> {
			try (InputStream in = exchange.getRequestBody()) {
				this.bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			int answer = (this.requests.incrementAndGet() <= failures) ? status : 204;
			exchange.sendResponseHeaders(answer, -1);
			exchange.close();
		});
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/in");
	}

	private static HttpDelivery delivery(URI url, int maxAttempts) {
		return new HttpDelivery(url, Duration.ofSeconds(5), maxAttempts, Duration.ofMillis(5), Duration.ofMillis(20),
				Map.of("Authorization", "Bearer test"));
	}

	@Test
	void retriesServerErrorsUntilDelivered() throws Exception {
		URI url = server(2, 503);
		AtomicInteger retried = new AtomicInteger();
		HttpDelivery.Outcome outcome = delivery(url, 3).post("{}".getBytes(StandardCharsets.UTF_8),
				new HttpDelivery.Retries() {

					@Override
					public boolean mayRetry() {
						return true;
					}

					@Override
					public void retrying(HttpDelivery.Outcome failed) {
						assertThat(failed.status()).isEqualTo(503);
						retried.incrementAndGet();
					}

				});
		assertThat(outcome.delivered()).isTrue();
		assertThat(outcome.attempts()).isEqualTo(3);
		assertThat(retried).hasValue(2);
		assertThat(this.bodies).containsOnly("{}").hasSize(3);
		assertThat(this.authorizations).containsOnly("Bearer test");
	}

	@Test
	void givesUpAfterTheLastAttempt() throws Exception {
		URI url = server(10, 429);
		HttpDelivery.Outcome outcome = delivery(url, 2).post(new byte[0], HttpDelivery.Retries.ALWAYS);
		assertThat(outcome.delivered()).isFalse();
		assertThat(outcome.retriable()).isTrue();
		assertThat(outcome.status()).isEqualTo(429);
		assertThat(outcome.attempts()).isEqualTo(2);
	}

	@Test
	void doesNotRetryAClientError() throws Exception {
		URI url = server(10, 404);
		HttpDelivery.Outcome outcome = delivery(url, 5).post(new byte[0], HttpDelivery.Retries.ALWAYS);
		assertThat(outcome.retriable()).isFalse();
		assertThat(outcome.attempts()).isEqualTo(1);
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void stopsRetryingWhenTheCallerSaysSo() throws Exception {
		URI url = server(10, 500);
		HttpDelivery.Outcome outcome = delivery(url, 5).post(new byte[0], () -> false);
		assertThat(outcome.delivered()).isFalse();
		assertThat(outcome.attempts()).isEqualTo(1);
	}

	@Test
	void reportsAConnectionFailure() throws Exception {
		URI url = server(0, 200);
		this.server.stop(0);
		this.server = null;
		HttpDelivery.Outcome outcome = delivery(url, 2).post(new byte[0], HttpDelivery.Retries.ALWAYS);
		assertThat(outcome.error()).isNotNull();
		assertThat(outcome.retriable()).isTrue();
		assertThat(outcome.status()).isEqualTo(-1);
		assertThat(outcome.attempts()).isEqualTo(2);
	}

	@Test
	void needsAtLeastOneAttempt() {
		assertThatIllegalArgumentException().isThrownBy(() -> delivery(URI.create("http://127.0.0.1/"), 0))
			.withMessageContaining("maxAttempts");
	}

}
