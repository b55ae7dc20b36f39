package dev.bduf.metrics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.StorageState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The default rules on the collector's own counts and the storage state.
 */
class CollectorSignalsTests {

	private static final Duration STEP = Duration.ofSeconds(10);

	private final MetricsCollector collector = mock(MetricsCollector.class);

	private final MetricsStorage storage = mock(MetricsStorage.class);

	private final List<AlertEvent> events = new ArrayList<>();

	private final AlertEvaluator evaluator = new AlertEvaluator(CollectorSignals.defaultRules(),
			List.of(new CollectorSignals(this.collector, this.storage)), this.events::add);

	private int steps;

	private void step(long recorded, long rejected, long overflowed, long dropped, String error) {
		given(this.collector.getCollectorStats()).willReturn(new CollectorStats(Instant.EPOCH, recorded, rejected,
				Map.of(), overflowed, 1, 1, Map.of(), Map.of(), 0));
		given(this.storage.state()).willReturn(
				new StorageState("redis", null, 0, 0, dropped, Duration.ZERO, error));
		this.evaluator.evaluate(new StepSnapshot(Instant.EPOCH.plus(STEP.multipliedBy(this.steps++)), STEP, "test-1",
				List.of()));
	}

	private List<String> firing() {
		return this.events.stream().filter((event) -> event.state() == AlertState.FIRING).map(AlertEvent::rule).toList();
	}

	@Test
	void rejectionsAboveFivePercentForAMinuteFire() {
		step(0, 0, 0, 0, null);
		long recorded = 0;
		long rejected = 0;
		for (int i = 0; i < 7; i++) {
			recorded += 90;
			rejected += 10;
			step(recorded, rejected, 0, 0, null);
		}
		assertThat(firing()).containsExactly("collector-rejections");
		RuleStatus status = this.evaluator.status().get(0);
		assertThat(status.value()).isEqualTo(0.1);
		for (int i = 0; i < 2; i++) {
			recorded += 100;
			step(recorded, rejected, 0, 0, null);
		}
		assertThat(this.events.get(this.events.size() - 1).state()).isEqualTo(AlertState.RESOLVED);
	}

	@Test
	void overflowAboveFivePercentForAMinuteFires() {
		step(0, 0, 0, 0, null);
		long recorded = 0;
		long overflowed = 0;
		for (int i = 0; i < 7; i++) {
			recorded += 100;
			overflowed += 50;
			step(recorded, 0, overflowed, 0, null);
		}
		assertThat(firing()).containsExactly("collector-overflow");
	}

	@Test
	void aFailingStorageForAMinuteFiresAndAQuietCollectorDoesNot() {
		for (int i = 0; i < 8; i++) {
			step(0, 0, 0, i, (i > 0) ? "connection refused" : null);
		}
		assertThat(firing()).containsExactly("storage-down");
		assertThat(this.events.get(this.events.size() - 1).tags()).containsEntry("backend", "redis");
		assertThat(this.events.get(this.events.size() - 1).severity()).isEqualTo("critical");
	}

	@Test
	void withoutStorageOnlyTheCollectorSignals() {
		given(this.collector.getCollectorStats()).willReturn(new CollectorStats(Instant.EPOCH, 0, 0, Map.of(), 0, 0,
				0, Map.of(), Map.of(), 0));
		CollectorSignals signals = new CollectorSignals(this.collector, null);
		StepSnapshot step = new StepSnapshot(Instant.EPOCH, STEP, "test-1", List.of());
		assertThat(signals.signals(step)).isEmpty();
		assertThat(signals.signals(step)).extracting(SeriesPoint::name)
			.containsExactly(CollectorSignals.REJECTION_RATIO, CollectorSignals.OVERFLOW_RATIO);
	}

}
