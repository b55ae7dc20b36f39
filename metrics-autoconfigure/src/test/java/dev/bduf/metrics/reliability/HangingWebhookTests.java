package dev.bduf.metrics.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertEventDispatcher;
import dev.bduf.metrics.alert.AlertNotifier;
import dev.bduf.metrics.alert.AlertRule;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.alert.LogAlertNotifier;
import dev.bduf.metrics.alert.WebhookAlertNotifier;
import dev.bduf.metrics.history.HistoryRecorder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook receiver that hangs: it accepts every connection and never answers. The
 * webhook notifier gives each attempt up at its timeout, retries a bounded number of
 * times, keeps its queue bounded and counts what it drops, while the other notifiers and
 * the alert evaluator go on as if the webhook were not there.
 */
class HangingWebhookTests {

	private static final Duration STEP = Duration.ofSeconds(10);

	private HangingServer server;

	private WebhookAlertNotifier webhook;

	@AfterEach
	void stop() throws IOException {
		if (this.webhook != null) {
			this.webhook.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void attemptsTimeOutAreRetriedABoundedNumberOfTimesAndTheQueueStaysBounded() throws Exception {
		this.server = new HangingServer();
		int queueSize = 2;
		int attempts = 2;
		this.webhook = new WebhookAlertNotifier(this.server.url(), Duration.ofSeconds(2), attempts,
				Duration.ofMillis(10), Duration.ofMillis(20), queueSize, Map.of());
		this.webhook.notify(event(0));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.server.accepted() >= 1);
		int total = 50;
		for (int i = 1; i < total; i++) {
			this.webhook.notify(event(i));
			assertThat(this.webhook.queued()).isLessThanOrEqualTo(queueSize);
		}
		// one event in flight, queueSize waiting, every other one dropped and counted
		assertThat(this.webhook.dropped()).isEqualTo(total - 1 - queueSize);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.webhook.failed() + this.webhook.dropped() + this.webhook.delivered() == total);
		assertThat(this.webhook.delivered()).isZero();
		assertThat(this.webhook.failed()).isEqualTo(1 + queueSize);
		assertThat(this.webhook.retries()).isEqualTo((long) (1 + queueSize) * (attempts - 1));
		assertThat(this.webhook.queued()).isZero();
		assertThat(this.server.accepted()).as("connections the hanging receiver accepted")
			.isLessThanOrEqualTo((1 + queueSize) * attempts);
	}

	@Test
	void otherNotifiersAndTheEvaluatorAreNotHeldUpByAHangingReceiver() throws Exception {
		this.server = new HangingServer();
		int queueSize = 3;
		// a timeout far longer than the test: the receiver holds the first event throughout
		this.webhook = new WebhookAlertNotifier(this.server.url(), Duration.ofMinutes(5), 3, Duration.ofMillis(10),
				Duration.ofMillis(20), queueSize, Map.of());
		List<AlertEvent> recorded = new CopyOnWriteArrayList<>();
		AlertNotifier recording = recorded::add;
		AlertEventDispatcher dispatcher = new AlertEventDispatcher(null,
				List.of(this.webhook, new LogAlertNotifier(), recording), 16);
		AlertEvaluator evaluator = new AlertEvaluator(List.of(AlertRule.threshold("deep-queue", "queue.size",
				AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN, 100)), List.of(), dispatcher);
		MockClock clock = new MockClock();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AtomicReference<Double> size = new AtomicReference<>(50.0);
		Gauge.builder("queue.size", size, AtomicReference::get).register(registry);
		HistoryRecorder recorder = new HistoryRecorder(registry, clock, STEP, "hang-1", 0.01,
				List.of());
		List<AlertEvent> produced = new ArrayList<>();
		int steps = 60;
		for (int i = 0; i < steps; i++) {
			size.set((i % 2 == 0) ? 150.0 : 50.0);
			clock.add(STEP);
			var snapshot = recorder.recordStep();
			assertThat(snapshot).isNotNull();
			produced.addAll(evaluator.evaluate(snapshot));
			if (i == 0) {
				// the webhook's thread is now stuck on the first event
				await().atMost(Duration.ofSeconds(20)).until(() -> this.server.accepted() >= 1);
			}
		}
		// the evaluator ran every step and every change reached the other notifiers
		assertThat(evaluator.steps()).isGreaterThanOrEqualTo(steps);
		assertThat(produced).hasSizeGreaterThanOrEqualTo(steps - 1);
		assertThat(recorded).hasSize((int) dispatcher.dispatched());
		assertThat(recorded).containsAll(produced);
		assertThat(dispatcher.failures()).isZero();
		// while the webhook still holds its first event, nothing more
		assertThat(this.webhook.delivered()).isZero();
		assertThat(this.webhook.failed()).isZero();
		assertThat(this.webhook.queued()).isEqualTo(queueSize);
		assertThat(this.webhook.dropped()).isEqualTo(dispatcher.dispatched() - 1 - queueSize);
	}

	private static AlertEvent event(int i) {
		return new AlertEvent("rule-" + i, "queue.size", Map.of(), 150, 100, AlertState.FIRING, AlertState.INACTIVE,
				Instant.parse("2026-01-01T00:00:00Z"), "critical");
	}

	/**
	 * Accepts connections on a loopback port and never reads or answers; the sockets are
	 * kept open until closed.
	 */
	private static final class HangingServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> held = new CopyOnWriteArrayList<>();

		private final AtomicInteger accepted = new AtomicInteger();

		private final Thread acceptor;

		HangingServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.held.add(this.socket.accept());
						this.accepted.incrementAndGet();
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "hanging-webhook-receiver");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		URI url() {
			return URI.create("http://127.0.0.1:" + this.socket.getLocalPort() + "/hook");
		}

		int accepted() {
			return this.accepted.get();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket held : this.held) {
				held.close();
			}
		}

	}

}
