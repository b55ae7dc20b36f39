package dev.bduf.metrics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Rules as values: parsing, statistics of each meter kind, invariants; and the hand-off
 * from the history thread.
 */
class AlertRuleTests {

	private static final AlertRule RULE = AlertRule.threshold("r", "m", AlertRule.Statistic.VALUE,
			AlertRule.Operator.GREATER_THAN, 1);

	@Test
	void namesParseIgnoringCase() {
		assertThat(AlertRule.Statistic.parse(" P99 ")).isEqualTo(AlertRule.Statistic.P99);
		assertThat(AlertRule.Statistic.parse("p42")).isNull();
		assertThat(AlertRule.Statistic.parse(null)).isNull();
		assertThat(AlertRule.Statistic.RATE).hasToString("rate");
		assertThat(AlertRule.Operator.parse(">=")).isEqualTo(AlertRule.Operator.GREATER_THAN_OR_EQUAL);
		assertThat(AlertRule.Operator.parse("lt")).isEqualTo(AlertRule.Operator.LESS_THAN);
		assertThat(AlertRule.Operator.parse("le")).isEqualTo(AlertRule.Operator.LESS_THAN_OR_EQUAL);
		assertThat(AlertRule.Operator.parse("gt")).isEqualTo(AlertRule.Operator.GREATER_THAN);
		assertThat(AlertRule.Operator.parse("=>")).isNull();
		assertThat(AlertRule.Operator.parse(null)).isNull();
		assertThat(AlertRule.Operator.LESS_THAN_OR_EQUAL).hasToString("<=");
		assertThat(AlertRule.Operator.LESS_THAN_OR_EQUAL.test(1, 1)).isTrue();
		assertThat(AlertRule.Operator.GREATER_THAN.test(Double.NaN, 1)).isFalse();
		assertThat(AlertRule.Kind.parse("Anomaly")).isEqualTo(AlertRule.Kind.ANOMALY);
		assertThat(AlertRule.Kind.parse("other")).isNull();
		assertThat(AlertRule.Kind.parse(null)).isNull();
	}

	@Test
	void statisticsOfEachKindOfPoint() {
		SeriesPoint counter = SeriesPoint.counter("c", null, Map.of(), 50, 500);
		assertThat(AlertRule.Statistic.VALUE.of(counter, 10)).isEqualTo(50.0);
		assertThat(AlertRule.Statistic.COUNT.of(counter, 10)).isEqualTo(50.0);
		assertThat(AlertRule.Statistic.RATE.of(counter, 10)).isEqualTo(5.0);
		SeriesPoint gauge = SeriesPoint.gauge("g", null, Map.of(), 7);
		assertThat(AlertRule.Statistic.VALUE.of(gauge, 10)).isEqualTo(7.0);
		assertThat(AlertRule.Statistic.COUNT.of(gauge, 10)).isEqualTo(1.0);
		assertThat(AlertRule.Statistic.RATE.of(gauge, 10)).isNaN();
		assertThat(AlertRule.Statistic.P99.of(gauge, 10)).isNaN();
		DDSketch ddSketch = Sketch.newDDSketch(0.01);
		for (int i = 1; i <= 100; i++) {
			ddSketch.accept(i);
		}
		SeriesPoint timer = SeriesPoint.distribution("t", MeterKind.TIMER, "seconds", Map.of(), 100, 5050, 100,
				Sketch.of(ddSketch));
		assertThat(AlertRule.Statistic.VALUE.of(timer, 10)).isEqualTo(50.5);
		assertThat(AlertRule.Statistic.MEAN.of(timer, 10)).isEqualTo(50.5);
		assertThat(AlertRule.Statistic.RATE.of(timer, 10)).isEqualTo(10.0);
		assertThat(AlertRule.Statistic.MAX.of(timer, 10)).isEqualTo(100.0);
		assertThat(AlertRule.Statistic.P50.of(timer, 10)).isCloseTo(50, org.assertj.core.data.Offset.offset(1.0));
		assertThat(AlertRule.Statistic.P95.of(timer, 10)).isCloseTo(95, org.assertj.core.data.Offset.offset(2.0));
		assertThat(AlertRule.Statistic.P99.of(timer, 10)).isCloseTo(99, org.assertj.core.data.Offset.offset(2.0));
	}

	@Test
	void malformedRulesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AlertRule.threshold(" ", "m", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> AlertRule.threshold("r", "", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withFor(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withOperator(null));
		assertThatIllegalArgumentException().isThrownBy(() -> AlertRule.threshold("r", "m", AlertRule.Statistic.VALUE,
				AlertRule.Operator.GREATER_THAN, Double.NaN));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withAnomaly(0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withAnomaly(Double.POSITIVE_INFINITY, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withAnomaly(3, -1));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withHysteresis(1));
		assertThatIllegalArgumentException().isThrownBy(() -> RULE.withSeasonality(Duration.ofDays(-1)));
		assertThat(RULE.withHealth(true).withTags(Map.of("a", "b")).matches(Map.of("a", "b", "c", "d"))).isTrue();
		assertThat(RULE.withTags(Map.of("a", "b")).matches(Map.of("a", "x"))).isFalse();
	}

	@Test
	void theListenerHandsRawStepsToItsOwnThreadAndDropsWhatDoesNotFit() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch busy = new CountDownLatch(1);
		AlertEvaluator evaluator = new AlertEvaluator(List.of(RULE), List.of((snapshot) -> {
			busy.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return List.of();
		}), (event) -> {
		});
		try (AlertingSnapshotListener listener = new AlertingSnapshotListener(evaluator, 1)) {
			listener.onSnapshot(step(0, Resolution.RAW));
			assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
			listener.onSnapshot(step(1, Resolution.RAW));
			listener.onSnapshot(step(2, Resolution.RAW));
			listener.onSnapshot(step(3, Resolution.MINUTE));
			assertThat(listener.dropped()).isEqualTo(1);
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> evaluator.steps() == 2);
		}
	}

	private static StepSnapshot step(int i, Resolution resolution) {
		Duration step = resolution.step(Duration.ofSeconds(10));
		return new StepSnapshot(Instant.EPOCH.plus(step.multipliedBy(i)), step, resolution, "test-1", List.of());
	}

}
