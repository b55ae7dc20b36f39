package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.BatchResult;
import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.CustomMetric;
import dev.bduf.metrics.MetricBatch;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.TimerHandle;
import dev.bduf.metrics.test.RandomInputs;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomised input thrown at every collector method: nothing escapes, and every attempt
 * is accounted for exactly once ({@code recorded + rejected == attempted}).
 * <p>
 * Randomised with a seeded {@link java.util.Random} ({@link RandomInputs}) and JUnit's
 * {@code @RepeatedTest} rather than jqwik, so each repetition is an independent random
 * run. A failure prints its seed; rerun it with {@code -Dbduf.random.seed=<seed>}.
 */
class CollectorFuzzTests {

	private static final int OPERATIONS = 300;

	@RepeatedTest(100)
	void randomInputNeverEscapesAndEveryAttemptIsCounted(RepetitionInfo repetition) {
		RandomInputs.withSeed(RandomInputs.seed(repetition.getCurrentRepetition()), (random) -> {
			int maxSeries = 1 + random.nextInt(5);
			int maxNames = 5 + random.nextInt(40);
			Fixture fixture = new Fixture((settings) -> settings.maxSeriesPerName(maxSeries)
				.maxNames(maxNames)
				.upDownCounters(random.chance(50) ? List.of("queue.*", "JOBS") : List.of()));
			Driver driver = new Driver(fixture.collector, random);
			for (int i = 0; i < OPERATIONS; i++) {
				driver.step();
			}
			assertInvariants(fixture.registry, fixture.collector.getCollectorStats(), maxSeries, maxNames);
		});
	}

	static void assertInvariants(MeterRegistry registry, CollectorStats stats, int maxSeries, int maxNames) {
		assertThat(stats.names()).isLessThanOrEqualTo(maxNames);
		assertThat(stats.seriesPerName().values()).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(maxSeries + 1));
		Map<String, Long> perName = new java.util.HashMap<>();
		for (Meter meter : registry.getMeters()) {
			perName.merge(meter.getId().getName(), 1L, Long::sum);
			if (meter instanceof Gauge gauge) {
				assertThat(gauge.value()).as(meter.getId().toString()).isNotNaN();
			}
			if (meter instanceof DistributionSummary summary) {
				assertThat(summary.max()).as("largest value of %s", meter.getId()).isFinite().isNotNegative();
			}
			if (meter instanceof Timer timer) {
				assertThat(timer.max(java.util.concurrent.TimeUnit.NANOSECONDS)).as(meter.getId().toString())
					.isNotNegative();
			}
		}
		assertThat(perName.values()).allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(maxSeries + 1));
	}

	/**
	 * Calls one random collector method per step and checks that the call was accounted
	 * for: each recording it attempts is either recorded or rejected, once.
	 */
	static final class Driver {

		private final DefaultMetricsCollector collector;

		private final RandomInputs random;

		private final List<TimerHandle> handles = new ArrayList<>();

		private long attempted;

		Driver(DefaultMetricsCollector collector, RandomInputs random) {
			this.collector = collector;
			this.random = random;
		}

		void step() {
			CollectorStats before = this.collector.getCollectorStats();
			RandomInputs r = this.random;
			String description;
			long expected;
			switch (r.nextInt(13)) {
				case 0 -> {
					String name = r.name();
					double value = r.value();
					Map<String, ?> tags = r.tags();
					description = "increment(" + shorten(name) + ", " + value + ", " + shorten(tags) + ")";
					this.collector.increment(name, value, tags);
					expected = 1;
				}
				case 1 -> {
					String name = r.name();
					double value = r.value();
					Map<String, ?> tags = r.tags();
					description = "decrement(" + shorten(name) + ", " + value + ", " + shorten(tags) + ")";
					this.collector.decrement(name, value, tags);
					expected = 1;
				}
				case 2 -> {
					String name = r.name();
					double value = r.value();
					Map<String, ?> tags = r.tags();
					description = "gauge(" + shorten(name) + ", " + value + ", " + shorten(tags) + ")";
					this.collector.gauge(name, value, tags);
					expected = 1;
				}
				case 3 -> {
					String name = r.name();
					double value = r.value();
					var unit = r.unit();
					Map<String, ?> tags = r.tags();
					description = "histogram(" + shorten(name) + ", " + value + ", " + unit + ", " + shorten(tags) + ")";
					this.collector.histogram(name, value, unit, tags);
					expected = 1;
				}
				case 4 -> {
					String name = r.name();
					double value = r.value();
					var unit = r.unit();
					Map<String, ?> tags = r.tags();
					description = "businessMetric(" + shorten(name) + ", " + value + ", " + unit + ", " + shorten(tags)
							+ ")";
					this.collector.businessMetric(name, value, unit, tags);
					expected = 1;
				}
				case 5 -> {
					String name = r.name();
					var duration = r.duration();
					Map<String, ?> tags = r.tags();
					description = "timing(" + shorten(name) + ", " + duration + ", " + shorten(tags) + ")";
					this.collector.timing(name, duration, tags);
					expected = 1;
				}
				case 6 -> {
					String name = r.name();
					long amount = r.amount();
					var unit = r.timeUnit();
					Map<String, ?> tags = r.tags();
					description = "timing(" + shorten(name) + ", " + amount + ", " + unit + ", " + shorten(tags) + ")";
					this.collector.timing(name, amount, unit, tags);
					expected = 1;
				}
				case 7 -> {
					String name = r.name();
					Map<String, ?> tags = r.tags();
					description = "timer(" + shorten(name) + ", " + shorten(tags) + ")";
					this.handles.add(this.collector.timer(name, tags));
					expected = 0;
				}
				case 8 -> {
					if (this.handles.isEmpty()) {
						return;
					}
					TimerHandle handle = this.handles.get(r.nextInt(this.handles.size()));
					switch (r.nextInt(4)) {
						case 0 -> {
							description = "stop()";
							assertThat(handle.stop()).isNotNegative();
							expected = 1;
						}
						case 1 -> {
							Map<String, ?> tags = r.tags();
							description = "stop(" + shorten(tags) + ")";
							assertThat(handle.stop(tags)).isNotNegative();
							expected = 1;
						}
						case 2 -> {
							String split = r.name();
							Map<String, ?> tags = r.tags();
							description = "split(" + shorten(split) + ", " + shorten(tags) + ")";
							assertThat(handle.split(split, tags)).isNotNegative();
							expected = 1;
						}
						default -> {
							description = "cancel()";
							handle.cancel();
							expected = 0;
						}
					}
				}
				case 9 -> {
					String name = r.name();
					PerformanceMeasurement measurement = r.measurement();
					Map<String, ?> tags = r.tags();
					description = "performance(" + shorten(name) + ", " + measurement + ", " + shorten(tags) + ")";
					this.collector.performance(name, measurement, tags);
					CollectorStats after = this.collector.getCollectorStats();
					expected = (measurement != null && after.recorded() > before.recorded()) ? 1 + parts(measurement)
							: 1;
				}
				case 10 -> {
					CustomMetric metric = r.customMetric();
					description = "custom(" + metric + ")";
					this.collector.custom(metric);
					expected = 1;
				}
				case 11 -> {
					List<CustomMetric> metrics = r.customMetrics();
					MetricBatch batch = r.chance(5) ? null : new MetricBatch(metrics);
					description = "batch(" + batch + ")";
					BatchResult result = this.collector.batch(batch);
					expected = (batch != null) ? metrics.size() : 1;
					assertThat(result.accepted() + result.rejected()).as(description).isEqualTo(expected);
					CollectorStats after = this.collector.getCollectorStats();
					assertThat(after.recorded() - before.recorded()).as(description).isEqualTo(result.accepted());
				}
				default -> {
					String name = r.name();
					description = "increment(" + shorten(name) + ") and gauge(" + shorten(name) + ", 1)";
					this.collector.increment(name);
					this.collector.gauge(name, 1);
					expected = 2;
				}
			}
			this.attempted += expected;
			CollectorStats after = this.collector.getCollectorStats();
			assertThat(after.attempted() - before.attempted()).as("attempts counted for %s", description)
				.isEqualTo(expected);
			assertThat(after.attempted()).isEqualTo(this.attempted);
			assertThat(after.rejected()).isEqualTo(after.rejectedByReason().values().stream().mapToLong(Long::longValue).sum());
		}

		private static long parts(PerformanceMeasurement measurement) {
			long parts = measurement.custom().size();
			parts += (measurement.cpuTime() != null) ? 1 : 0;
			parts += (measurement.allocatedBytes() >= 0) ? 1 : 0;
			parts += (measurement.memoryDeltaBytes() != null && measurement.memoryDeltaBytes() >= 0) ? 1 : 0;
			parts += (measurement.gcCount() >= 0) ? 1 : 0;
			parts += (measurement.gcTime() != null) ? 1 : 0;
			return parts;
		}

		private static String shorten(Object value) {
			String text = String.valueOf(value);
			return (text.length() > 80) ? text.substring(0, 80) + "...(" + text.length() + " chars)" : text;
		}

	}

}
