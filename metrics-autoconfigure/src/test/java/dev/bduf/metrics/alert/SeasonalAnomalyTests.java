package dev.bduf.metrics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anomaly rules with a daily season: a peak that comes at the same time every day is
 * normal for a seasonal rule (a plain one fires on it every day), while a spike at night
 * is found by both.
 */
class SeasonalAnomalyTests {

	private static final Duration STEP = Duration.ofMinutes(10);

	private static final int PER_DAY = 144;

	private static final Map<String, String> TAGS = Map.of("uri", "/orders");

	@Test
	void aDailyPeakIsNormalForASeasonalRuleAndANightSpikeIsNot() {
		long seed = 11;
		System.out.println("seasonal anomaly test, seed " + seed);
		Random random = new Random(seed);
		int days = 7;
		double[] values = new double[days * PER_DAY];
		int spikeAt = 5 * PER_DAY + 20;
		for (int i = 0; i < values.length; i++) {
			int slot = i % PER_DAY;
			boolean peak = slot >= 72 && slot < 78;
			values[i] = 100 + (peak ? 80 : 0) + random.nextGaussian() * 5 + ((i == spikeAt) ? 60 : 0);
		}
		SeasonalBaseline yesterday = (rule, tags, at) -> {
			int index = (int) (at.toEpochMilli() / STEP.toMillis());
			return (index >= 0) ? values[index] : Double.NaN;
		};
		AlertRule plain = AlertRule.anomaly("plain", "latency", AlertRule.Statistic.VALUE);
		AlertRule seasonal = AlertRule.anomaly("seasonal", "latency", AlertRule.Statistic.VALUE)
			.withSeasonality(Duration.ofDays(1));
		List<AlertEvent> events = new ArrayList<>();
		AlertEvaluator evaluator = new AlertEvaluator(List.of(plain, seasonal), List.of(), events::add, yesterday);
		for (int i = 0; i < values.length; i++) {
			evaluator.evaluate(new StepSnapshot(Instant.EPOCH.plus(STEP.multipliedBy(i)), STEP, "test-1",
					List.of(SeriesPoint.gauge("latency", null, TAGS, values[i]))));
		}
		List<Instant> plainFirings = firings(events, "plain", 2);
		List<Instant> seasonalFirings = firings(events, "seasonal", 2);
		System.out.printf("from day 3 on: plain rule fired %d times, seasonal rule %d times%n", plainFirings.size(),
				seasonalFirings.size());
		Instant spike = Instant.EPOCH.plus(STEP.multipliedBy(spikeAt + 1L));
		assertThat(seasonalFirings).containsExactly(spike);
		assertThat(plainFirings).contains(spike).hasSizeGreaterThanOrEqualTo(5);
	}

	private static List<Instant> firings(List<AlertEvent> events, String rule, int fromDay) {
		Instant from = Instant.EPOCH.plus(STEP.multipliedBy((long) fromDay * PER_DAY));
		return events.stream()
			.filter((event) -> event.rule().equals(rule) && event.state() == AlertState.FIRING
					&& !event.since().isBefore(from))
			.map(AlertEvent::since)
			.toList();
	}

	@Test
	void theBaselineFromHistoryIsTheStatisticOfTheSamePeriodOneSeasonAgo() {
		MockClock clock = new MockClock();
		Duration day = Duration.ofDays(1);
		clock.add(day.plusHours(12));
		MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, Duration.ofSeconds(10), clock);
		Instant yesterdayNoon = Instant.EPOCH.plus(Duration.ofHours(12));
		storage.write(new StepSnapshot(yesterdayNoon, Duration.ofMinutes(10), Resolution.TEN_MINUTES, "test-1",
				List.of(SeriesPoint.gauge("latency", null, TAGS, 42),
						SeriesPoint.gauge("latency", null, Map.of("uri", "/other"), 7))));
		HistoryQueryEngine engine = new HistoryQueryEngine(storage, clock, Duration.ofSeconds(10), "test-1", 50_000,
				1000);
		List<MetricsQuery> asked = new ArrayList<>();
		SeasonalBaseline baseline = SeasonalBaseline.fromHistory((query) -> {
			asked.add(query);
			return engine.apply(query);
		});
		AlertRule rule = AlertRule.anomaly("latency", "latency", AlertRule.Statistic.VALUE).withSeasonality(day);
		assertThat(baseline.valueAt(rule, TAGS, yesterdayNoon.plusSeconds(90))).isEqualTo(42.0);
		assertThat(baseline.valueAt(rule, TAGS, yesterdayNoon.plusSeconds(300))).isEqualTo(42.0);
		assertThat(asked).hasSize(1);
		assertThat(baseline.valueAt(rule, TAGS, yesterdayNoon.plus(Duration.ofHours(2)))).isNaN();
		assertThat(baseline.valueAt(rule, TAGS, yesterdayNoon.plus(Duration.ofMinutes(10)))).isNaN();
		assertThat(SeasonalBaseline.fromHistory((query) -> {
			throw new IllegalStateException("storage down");
		}).valueAt(rule, TAGS, yesterdayNoon)).isNaN();
		assertThat(SeasonalBaseline.none().valueAt(rule, TAGS, yesterdayNoon)).isNaN();
	}

}
