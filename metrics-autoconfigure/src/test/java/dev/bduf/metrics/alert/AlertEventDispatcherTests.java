package dev.bduf.metrics.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AlertEventDispatcherTests {

	private static AlertEvent event(String rule) {
		return new AlertEvent(rule, "m", Map.of("k", "v"), 2, 1, AlertState.FIRING, AlertState.INACTIVE, Instant.EPOCH,
				"warning");
	}

	@Test
	void aFailingNotifierNeverReachesTheOthers() {
		List<AlertEvent> received = new ArrayList<>();
		List<Object> published = new ArrayList<>();
		AlertEventDispatcher dispatcher = new AlertEventDispatcher(published::add, List.of((event) -> {
			throw new IllegalStateException("broken notifier");
		}, received::add), 10);
		dispatcher.accept(event("a"));
		dispatcher.accept(event("b"));
		assertThat(received).extracting(AlertEvent::rule).containsExactly("a", "b");
		assertThat(published).hasSize(2);
		assertThat(dispatcher.failures()).isEqualTo(2);
		assertThat(dispatcher.recent()).extracting(AlertEvent::rule).containsExactly("b", "a");
	}

	@Test
	void aFailingPublisherIsCountedToo() {
		List<AlertEvent> received = new ArrayList<>();
		AlertEventDispatcher dispatcher = new AlertEventDispatcher((event) -> {
			throw new IllegalStateException("broken listener");
		}, List.of(received::add), 0);
		dispatcher.accept(event("a"));
		assertThat(received).hasSize(1);
		assertThat(dispatcher.failures()).isEqualTo(1);
		assertThat(dispatcher.recent()).isEmpty();
	}

	@Test
	void aNegativeCapacityIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AlertEventDispatcher(null, List.of(), -1));
	}

	@Test
	void theLogNotifierDescribesTheChange() {
		AlertEvent event = new AlertEvent("queue-full", "queue.size", Map.of("queue", "a"), 150, 100,
				AlertState.FIRING, AlertState.PENDING, Instant.EPOCH, "critical");
		assertThat(LogAlertNotifier.describe(event))
			.isEqualTo("Alert 'queue-full' PENDING -> FIRING [critical] queue.size{queue=a} value=150.0 "
					+ "threshold=100.0 since 1970-01-01T00:00:00Z");
		LogAlertNotifier notifier = new LogAlertNotifier();
		notifier.notify(event);
		notifier.notify(new AlertEvent("anomaly", "m", Map.of(), Double.NaN, Double.NaN, AlertState.RESOLVED,
				AlertState.FIRING, Instant.EPOCH, "warning"));
	}

}
