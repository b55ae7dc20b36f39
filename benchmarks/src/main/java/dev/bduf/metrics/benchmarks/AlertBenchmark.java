package dev.bduf.metrics.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.alert.AlertEvaluator;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertRule;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of evaluating 1,000 alert rules on one history step, on the alerting thread.
 * A step holds 2,000 series: 100 names of 10 series each ({@code instance} tag) that the
 * rules watch (half gauges, half timers), and 1,000 series of other names. Each rule
 * watches one series through its tags; {@code anomalyShare} of them are anomaly rules,
 * the others threshold rules on value, rate, mean or max with a {@code for} of 30
 * seconds. Values are noisy around the thresholds, so rules change state and events go
 * to a sink that drops them.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main AlertBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class AlertBenchmark {

	private static final Duration STEP = Duration.ofSeconds(10);

	private static final int NAMES = 100;

	private static final int SERIES_PER_NAME = 10;

	private static final int STEPS = 64;

	/**
	 * 1,000 rules and 64 steps of 2,000 series to cycle through.
	 */
	@State(Scope.Benchmark)
	public static class Rules {

		/**
		 * Share of anomaly rules among the 1,000.
		 */
		@Param({ "0", "0.2", "1" })
		public double anomalyShare;

		AlertEvaluator evaluator;

		final List<List<SeriesPoint>> steps = new ArrayList<>();

		long events;

		int next;

		@Setup
		public void setUp() {
			Random random = new Random(42);
			List<AlertRule> rules = new ArrayList<>();
			AlertRule.Statistic[] statistics = { AlertRule.Statistic.VALUE, AlertRule.Statistic.RATE,
					AlertRule.Statistic.MEAN, AlertRule.Statistic.MAX };
			int anomalies = (int) Math.round(this.anomalyShare * NAMES * SERIES_PER_NAME);
			for (int name = 0; name < NAMES; name++) {
				for (int series = 0; series < SERIES_PER_NAME; series++) {
					int index = name * SERIES_PER_NAME + series;
					Map<String, String> tags = Map.of("instance", "i" + series);
					String metric = "app.metric." + name;
					AlertRule rule = (index < anomalies)
							? AlertRule.anomaly("rule-" + index, metric, AlertRule.Statistic.VALUE).withAnomaly(4, 10)
							: AlertRule.threshold("rule-" + index, metric, statistics[index % statistics.length],
									AlertRule.Operator.GREATER_THAN, 100).withFor(Duration.ofSeconds(30));
					rules.add(rule.withTags(tags));
				}
			}
			this.evaluator = new AlertEvaluator(rules, List.of(), (AlertEvent event) -> this.events++);
			for (int step = 0; step < STEPS; step++) {
				List<SeriesPoint> points = new ArrayList<>();
				for (int name = 0; name < NAMES; name++) {
					for (int series = 0; series < SERIES_PER_NAME; series++) {
						Map<String, String> tags = Map.of("instance", "i" + series);
						double value = 100 + random.nextGaussian() * 10;
						points.add((name % 2 == 0)
								? SeriesPoint.gauge("app.metric." + name, null, tags, value)
								: SeriesPoint.distribution("app.metric." + name, MeterKind.TIMER, "seconds", tags,
										1000 + random.nextInt(100), value * 1000, value * 2, null));
					}
				}
				for (int other = 0; other < 1000; other++) {
					points.add(SeriesPoint.gauge("other.metric." + (other % 50), null,
							Map.of("instance", "i" + other), random.nextDouble()));
				}
				this.steps.add(List.copyOf(points));
			}
		}

	}

	@Benchmark
	public List<AlertEvent> evaluate1000Rules(Rules rules) {
		int step = rules.next++;
		StepSnapshot snapshot = new StepSnapshot(Instant.EPOCH.plus(STEP.multipliedBy(step)), STEP, "bench-1",
				rules.steps.get(step % STEPS));
		return rules.evaluator.evaluate(snapshot);
	}

}
