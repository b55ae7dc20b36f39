package dev.bduf.metrics.e2e;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.StreamSubscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stalled-client scenario of the {@code metricstream} end-to-end tests, whatever the
 * server: a client that subscribes to 800 series and never reads must not delay another.
 */
final class StalledStreamClient {

	private StalledStreamClient() {
	}

	/**
	 * Record {@code name} with 800 series, subscribe to it at 100ms from a raw socket that
	 * never reads until the server drops updates for it, then check that a second client
	 * still gets ten complete updates in order.
	 * @param collector the application's collector
	 * @param hub the application's stream hub, with no subscriber yet
	 * @param base the base URL of the server of the endpoint ({@code http://127.0.0.1:port})
	 * @param name the metric name to record and subscribe to
	 * @param wait how long to wait for the stalled subscription and its drops
	 * @param whileStalled further checks of the stalled subscription, before its socket
	 * closes
	 */
	static void doesNotDelayAnother(MetricsCollector collector, StreamHub hub, String base, String name,
			Duration wait, Consumer<StreamSubscription> whileStalled) throws Exception {
		for (int i = 0; i < 800; i++) {
			collector.increment(name, 1, Map.of("item", "item-" + i));
		}
		int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
		try (Socket stalled = new Socket("127.0.0.1", port)) {
			stalled.setReceiveBufferSize(4096);
			OutputStream out = stalled.getOutputStream();
			out.write(("GET /actuator/metricstream?name=" + name + "&interval=100ms HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// never read: the server's writes fill the socket buffers and block its writer
			await().atMost(wait).until(() -> hub.subscribers() == 1);
			StreamSubscription stalledSubscription = hub.subscriptions().get(0);
			await().atMost(wait).until(() -> stalledSubscription.dropped() > 0);
			try (SseClient client = SseClient.connect(base + "/actuator/metricstream?name=" + name + "&interval=100ms",
					null)) {
				long previous = 0;
				for (int i = 0; i < 10; i++) {
					SseClient.Event event = client.nextSnapshot(Duration.ofSeconds(5));
					assertThat(event.json().get("series")).hasSize(800);
					assertThat(event.seq()).isGreaterThan(previous);
					previous = event.seq();
				}
			}
			whileStalled.accept(stalledSubscription);
		}
	}

}
