package dev.bduf.metrics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Rules driven by a {@link MockClock}: a real registry, a real history recorder at a
 * ten-second step, and the evaluator as the recorder's sink.
 */
class AlertEvaluatorTests {

	private static final Duration STEP = Duration.ofSeconds(10);

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<AlertEvent> events = new ArrayList<>();

	private AlertEvaluator evaluator;

	private HistoryRecorder recorder;

	private void rules(AlertRule... rules) {
		this.evaluator = new AlertEvaluator(List.of(rules), List.of(), this.events::add);
		this.recorder = new HistoryRecorder(this.registry, this.clock, STEP, "test-1", 0.01,
				List.of(this.evaluator::evaluate));
	}

	private AtomicReference<Double> gauge(String name, double value, String... tags) {
		AtomicReference<Double> holder = new AtomicReference<>(value);
		Gauge.builder(name, holder, AtomicReference::get).tags(tags).register(this.registry);
		return holder;
	}

	private StepSnapshot step() {
		this.clock.add(STEP);
		StepSnapshot snapshot = this.recorder.recordStep();
		assertThat(snapshot).isNotNull();
		return snapshot;
	}

	private List<AlertState> states() {
		return this.events.stream().map(AlertEvent::state).toList();
	}

	@Test
	void pendingThenFiringAfterTheForDuration() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100).withFor(Duration.ofSeconds(30)).withSeverity("critical"));
		AtomicReference<Double> size = gauge("queue.size", 50);
		step();
		assertThat(this.events).isEmpty();
		size.set(150.0);
		Instant pendingSince = step().end();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.state()).isEqualTo(AlertState.PENDING);
			assertThat(event.previous()).isEqualTo(AlertState.INACTIVE);
			assertThat(event.value()).isEqualTo(150.0);
			assertThat(event.threshold()).isEqualTo(100.0);
			assertThat(event.since()).isEqualTo(pendingSince);
			assertThat(event.severity()).isEqualTo("critical");
			assertThat(event.metric()).isEqualTo("queue.size");
		});
		step();
		step();
		assertThat(states()).containsExactly(AlertState.PENDING);
		step();
		assertThat(states()).containsExactly(AlertState.PENDING, AlertState.FIRING);
		assertThat(this.events.get(1).since()).isEqualTo(pendingSince.plusSeconds(30));
		assertThat(this.evaluator.status()).singleElement().satisfies((status) -> {
			assertThat(status.state()).isEqualTo(AlertState.FIRING);
			assertThat(status.value()).isEqualTo(150.0);
		});
	}

	@Test
	void aConditionThatStopsBeforeTheForDurationNeverFires() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100).withFor(Duration.ofMinutes(1)));
		AtomicReference<Double> size = gauge("queue.size", 150);
		step();
		step();
		size.set(10.0);
		step();
		assertThat(states()).containsExactly(AlertState.PENDING, AlertState.INACTIVE);
	}

	@Test
	void aFiringAlertResolvesAndCanFireAgain() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100));
		AtomicReference<Double> size = gauge("queue.size", 150);
		step();
		assertThat(states()).containsExactly(AlertState.FIRING);
		size.set(20.0);
		step();
		assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
		assertThat(this.events.get(1).value()).isEqualTo(20.0);
		assertThat(this.events.get(1).previous()).isEqualTo(AlertState.FIRING);
		step();
		assertThat(this.evaluator.status().get(0).state()).isEqualTo(AlertState.RESOLVED);
		size.set(120.0);
		step();
		assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED, AlertState.FIRING);
	}

	@Test
	void aValueJitteringAtTheThresholdDoesNotFlap() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100).withFor(Duration.ofSeconds(20)));
		AtomicReference<Double> size = gauge("queue.size", 100.5);
		for (int i = 0; i < 30; i++) {
			size.set((i % 2 == 0) ? 100.5 : 97.0);
			step();
		}
		// one way in, no way out: within 5% below the threshold the rule keeps holding
		assertThat(states()).containsExactly(AlertState.PENDING, AlertState.FIRING);
		size.set(95.0);
		step();
		assertThat(states()).containsExactly(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
	}

	@Test
	void withoutHysteresisTheSameValuesFlap() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100).withHysteresis(0));
		AtomicReference<Double> size = gauge("queue.size", 100.5);
		for (int i = 0; i < 10; i++) {
			size.set((i % 2 == 0) ? 100.5 : 97.0);
			step();
		}
		assertThat(this.events).hasSize(10);
	}

	@Test
	void aValueSittingOnTheThresholdChangesStateOnce() {
		rules(AlertRule.threshold("at-least", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN_OR_EQUAL, 100),
				AlertRule.threshold("above", "queue.size", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN,
						100));
		gauge("queue.size", 100);
		for (int i = 0; i < 10; i++) {
			step();
		}
		assertThat(this.events).extracting(AlertEvent::rule, AlertEvent::state)
			.containsExactly(tuple("at-least", AlertState.FIRING));
	}

	@Test
	void lessThanRulesUseTheBandAboveTheThreshold() {
		rules(AlertRule.threshold("low-stock", "stock", AlertRule.Statistic.VALUE, AlertRule.Operator.LESS_THAN, 10)
			.withHysteresis(0.2));
		AtomicReference<Double> stock = gauge("stock", 5);
		step();
		stock.set(11.0);
		step();
		stock.set(12.0);
		step();
		assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
	}

	@Test
	void aRuleOnAMeterThatDoesNotExistYetWaitsForIt() {
		rules(AlertRule.threshold("late", "late.gauge", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN, 1));
		gauge("other.gauge", 5);
		for (int i = 0; i < 3; i++) {
			step();
		}
		assertThat(this.events).isEmpty();
		assertThat(this.evaluator.status()).singleElement().satisfies((status) -> {
			assertThat(status.state()).isEqualTo(AlertState.INACTIVE);
			assertThat(status.series()).isEmpty();
			assertThat(status.value()).isNaN();
		});
		gauge("late.gauge", 5);
		step();
		assertThat(states()).containsExactly(AlertState.FIRING);
	}

	@Test
	void aSeriesThatGoesAwayResolvesWithoutAValue() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100),
				AlertRule.threshold("queue-busy", "queue.size", AlertRule.Statistic.VALUE,
						AlertRule.Operator.GREATER_THAN, 100).withFor(Duration.ofMinutes(5)));
		gauge("queue.size", 150);
		step();
		this.registry.clear();
		step();
		assertThat(this.events).extracting(AlertEvent::rule, AlertEvent::state)
			.containsExactly(tuple("queue-full", AlertState.FIRING), tuple("queue-busy", AlertState.PENDING),
					tuple("queue-full", AlertState.RESOLVED), tuple("queue-busy", AlertState.INACTIVE));
		assertThat(this.events.get(2).value()).isNaN();
		assertThat(this.evaluator.status()).allSatisfy((status) -> assertThat(status.series()).isEmpty());
	}

	@Test
	void eachSeriesMatchingTheTagsHasItsOwnState() {
		rules(AlertRule.threshold("eu-queue", "queue.size", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN,
				100).withTags(Map.of("region", "eu")));
		gauge("queue.size", 150, "region", "eu", "queue", "a");
		gauge("queue.size", 50, "region", "eu", "queue", "b");
		gauge("queue.size", 500, "region", "us", "queue", "c");
		step();
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.tags()).containsEntry("queue", "a").containsEntry("region", "eu"));
		assertThat(this.evaluator.status().get(0).series()).hasSize(2);
	}

	@Test
	void countersAreComparedPerStep() {
		rules(AlertRule.threshold("errors", "errors", AlertRule.Statistic.RATE, AlertRule.Operator.GREATER_THAN, 1));
		var counter = io.micrometer.core.instrument.Counter.builder("errors").register(this.registry);
		counter.increment(5);
		step();
		assertThat(this.events).isEmpty();
		counter.increment(50);
		step();
		assertThat(this.events).singleElement().satisfies((event) -> assertThat(event.value()).isEqualTo(5.0));
	}

	@Test
	void rollupsAreIgnored() {
		rules(AlertRule.threshold("queue-full", "queue.size", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 100));
		StepSnapshot rollup = new StepSnapshot(Instant.EPOCH, Duration.ofMinutes(1), Resolution.MINUTE, "test-1",
				List.of(SeriesPoint.gauge("queue.size", null, Map.of(), 500)));
		assertThat(this.evaluator.evaluate(rollup)).isEmpty();
		assertThat(this.evaluator.steps()).isZero();
	}

	@Test
	void signalsAreEvaluatedWithTheStepAndAFailingSourceIsSkipped() {
		AlertEvaluator evaluator = new AlertEvaluator(
				List.of(AlertRule.threshold("signal", "my.signal", AlertRule.Statistic.VALUE,
						AlertRule.Operator.GREATER_THAN, 1)),
				List.of((snapshot) -> {
					throw new IllegalStateException("broken source");
				}, (snapshot) -> List.of(SeriesPoint.gauge("my.signal", null, Map.of(), 2))), this.events::add);
		evaluator.evaluate(new StepSnapshot(Instant.EPOCH, STEP, "test-1", List.of()));
		evaluator.evaluate(new StepSnapshot(Instant.EPOCH.plus(STEP), STEP, "test-1", List.of()));
		assertThat(states()).containsExactly(AlertState.FIRING);
	}

	@Test
	void ruleNamesMustBeUnique() {
		AlertRule rule = AlertRule.threshold("same", "a", AlertRule.Statistic.VALUE, AlertRule.Operator.GREATER_THAN,
				1);
		assertThatIllegalArgumentException().isThrownBy(() -> new AlertEvaluator(List.of(rule, rule), List.of(),
				(event) -> {
				})).withMessageContaining("same");
	}

}
