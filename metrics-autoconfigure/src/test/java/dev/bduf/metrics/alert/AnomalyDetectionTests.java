package dev.bduf.metrics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anomaly rules on synthetic series: noise around a drifting level, with spikes (one
 * step, up or down) and level shifts (lasting) injected at random times. Each run prints
 * its seed, how many injected anomalies the rule detected, and its false positives (a
 * rule that starts firing away from any injection). The seeds are fixed so the bounds
 * asserted are reproducible; {@code -Dbduf.anomaly.seed=N} runs another.
 */
class AnomalyDetectionTests {

	private static final Duration STEP = Duration.ofSeconds(10);

	private static final int STEPS = 20_000;

	private static final double LEVEL = 100;

	private static final double NOISE = 5;

	/** Steps after a level shift during which the detector adapts: firing then is not false. */
	private static final int ADAPTATION = 60;

	@Test
	void spikesAndLevelShiftsAreDetectedWithFewFalsePositives() {
		Result total = new Result();
		for (long seed : seeds()) {
			Result result = run(seed, AlertRule.DEFAULT_SENSITIVITY);
			print("default sensitivity 4", seed, result);
			total.add(result);
		}
		print("default sensitivity 4, all seeds", -1, total);
		assertThat(total.spikeRate()).isGreaterThanOrEqualTo(0.95);
		assertThat(total.shiftRate()).isGreaterThanOrEqualTo(0.95);
		// Gaussian noise is beyond four standard deviations in 0.6 steps per 10k
		assertThat(total.falsePositivesPer10k()).isLessThan(3);
	}

	@Test
	void aSmallerSensitivityFiresOnTheTailOfTheNoise() {
		Result total = new Result();
		for (long seed : seeds()) {
			Result result = run(seed, 3);
			print("sensitivity 3", seed, result);
			total.add(result);
		}
		print("sensitivity 3, all seeds", -1, total);
		assertThat(total.spikeRate()).isGreaterThanOrEqualTo(0.95);
		assertThat(total.shiftRate()).isGreaterThanOrEqualTo(0.95);
		// Gaussian noise is beyond three standard deviations in 27 steps per 10k: a
		// detector without a for duration fires on about that many
		assertThat(total.falsePositivesPer10k()).isBetween(10.0, 50.0);
	}

	@Test
	void nothingFiresDuringTheWarmUp() {
		AlertRule rule = AlertRule.anomaly("latency-anomaly", "latency", AlertRule.Statistic.VALUE);
		List<AlertEvent> events = new ArrayList<>();
		AlertEvaluator evaluator = new AlertEvaluator(List.of(rule), List.of(), events::add);
		for (int i = 0; i < AlertRule.DEFAULT_WARM_UP; i++) {
			evaluator.evaluate(snapshot(i, (i % 2 == 0) ? 1 : 1000));
		}
		assertThat(events).isEmpty();
		RuleStatus.SeriesStatus series = evaluator.status().get(0).series().get(0);
		assertThat(series.score()).isNaN();
		assertThat(series.expected()).isCloseTo(500.5, org.assertj.core.data.Offset.offset(0.01));
	}

	@Test
	void aDirectedRuleIgnoresTheOtherDirection() {
		AlertRule up = AlertRule.anomaly("up", "latency", AlertRule.Statistic.VALUE)
			.withOperator(AlertRule.Operator.GREATER_THAN)
			.withAnomaly(3, 10);
		AlertRule down = AlertRule.anomaly("down", "latency", AlertRule.Statistic.VALUE)
			.withOperator(AlertRule.Operator.LESS_THAN)
			.withAnomaly(3, 10);
		List<AlertEvent> events = new ArrayList<>();
		AlertEvaluator evaluator = new AlertEvaluator(List.of(up, down), List.of(), events::add);
		Random random = new Random(7);
		int i = 0;
		for (; i < 50; i++) {
			evaluator.evaluate(snapshot(i, LEVEL + random.nextGaussian() * NOISE));
		}
		evaluator.evaluate(snapshot(i, LEVEL - 20 * NOISE));
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.rule()).isEqualTo("down");
			assertThat(event.state()).isEqualTo(AlertState.FIRING);
			assertThat(event.threshold()).isNaN();
		});
	}

	private static long[] seeds() {
		String fixed = System.getProperty("bduf.anomaly.seed");
		return (fixed != null) ? new long[] { Long.parseLong(fixed) } : new long[] { 1, 2, 3, 4, 5 };
	}

	private static Result run(long seed, double sensitivity) {
		Random random = new Random(seed);
		AlertRule rule = AlertRule.anomaly("anomaly", "latency", AlertRule.Statistic.VALUE)
			.withAnomaly(sensitivity, AlertRule.DEFAULT_WARM_UP);
		List<AlertEvent> events = new ArrayList<>();
		AlertEvaluator evaluator = new AlertEvaluator(List.of(rule), List.of(), events::add);
		Result result = new Result();
		double level = LEVEL;
		int next = 200 + random.nextInt(150);
		int quietUntil = 0;
		int spikeAt = -1;
		int shiftAt = -1;
		boolean spikeFound = false;
		boolean shiftFound = false;
		for (int i = 0; i < STEPS; i++) {
			double drift = 10 * Math.sin(2 * Math.PI * i / 2000.0);
			double value = level + drift + random.nextGaussian() * NOISE;
			if (i == next) {
				double size = (6 + 4 * random.nextDouble()) * NOISE * (random.nextBoolean() ? 1 : -1);
				if (random.nextBoolean()) {
					value += size;
					spikeAt = i;
					spikeFound = false;
					result.spikes++;
					quietUntil = i + 2;
				}
				else {
					level += size;
					value += size;
					shiftAt = i;
					shiftFound = false;
					result.shifts++;
					quietUntil = i + ADAPTATION;
				}
				next = i + 150 + random.nextInt(150);
			}
			events.clear();
			evaluator.evaluate(snapshot(i, value));
			boolean fired = events.stream().anyMatch((event) -> event.state() == AlertState.FIRING);
			if (!fired) {
				continue;
			}
			if (i == spikeAt && !spikeFound) {
				spikeFound = true;
				result.spikesFound++;
			}
			else if (shiftAt >= 0 && i >= shiftAt && i <= shiftAt + 3 && !shiftFound) {
				shiftFound = true;
				result.shiftsFound++;
			}
			else if (i >= quietUntil) {
				result.falsePositives++;
			}
		}
		result.steps = STEPS;
		return result;
	}

	private static StepSnapshot snapshot(int i, double value) {
		return new StepSnapshot(Instant.EPOCH.plus(STEP.multipliedBy(i)), STEP, "test-1",
				List.of(SeriesPoint.gauge("latency", "seconds", Map.of("uri", "/orders"), value)));
	}

	private static void print(String label, long seed, Result result) {
		System.out.printf("anomaly detection, %s%s: spikes %d/%d (%.1f%%), level shifts %d/%d (%.1f%%), "
				+ "false positives %d in %d steps (%.2f per 10k steps)%n", label, (seed >= 0) ? ", seed " + seed : "",
				result.spikesFound, result.spikes, 100 * result.spikeRate(), result.shiftsFound, result.shifts,
				100 * result.shiftRate(), result.falsePositives, result.steps, result.falsePositivesPer10k());
	}

	private static final class Result {

		int spikes;

		int spikesFound;

		int shifts;

		int shiftsFound;

		int falsePositives;

		long steps;

		void add(Result other) {
			this.spikes += other.spikes;
			this.spikesFound += other.spikesFound;
			this.shifts += other.shifts;
			this.shiftsFound += other.shiftsFound;
			this.falsePositives += other.falsePositives;
			this.steps += other.steps;
		}

		double spikeRate() {
			return (this.spikes > 0) ? (double) this.spikesFound / this.spikes : 1;
		}

		double shiftRate() {
			return (this.shifts > 0) ? (double) this.shiftsFound / this.shifts : 1;
		}

		double falsePositivesPer10k() {
			return (this.steps > 0) ? 10_000.0 * this.falsePositives / this.steps : 0;
		}

	}

}
