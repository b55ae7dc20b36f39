package dev.bduf.metrics.business;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reports computed from the metric history over a period, driven by a mock clock over
 * three 10-second steps with hand-computed totals, trends and ROI: what was recorded
 * outside the period is left out, whatever the registry's running totals say.
 */
class BusinessReportsHistoryTests {

	private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

	private static final Duration STEP = Duration.ofSeconds(10);

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(this.registry,
			CollectorSettings.builder().build(), this.clock);

	private final BusinessMetricFailures failures = new BusinessMetricFailures();

	private final DefaultBusinessMetricsTracker tracker;

	private final HistoryRecorder recorder;

	private final BusinessReports reports;

	BusinessReportsHistoryTests() {
		this.clock.add(T0.toEpochMilli() - this.clock.wallTime(), TimeUnit.MILLISECONDS);
		MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, STEP, this.clock);
		this.recorder = new HistoryRecorder(this.registry, this.clock, STEP, "i-1", 0.01, List.of(storage::write));
		this.collector.setQueryEngine(new HistoryQueryEngine(storage, this.clock, STEP, "i-1", 50_000, 1_000));
		this.tracker = new DefaultBusinessMetricsTracker(this.collector, BusinessTrackerSettings.defaults(), this.clock,
				this.failures);
		this.reports = new BusinessReports(this.registry, this.collector, this.tracker, this.failures, "usd",
				Map.of());
		// step 0 [T0, T0+10s): value 1000, cost 100, one click
		this.tracker.trackProjectCreation(new ProjectMetadata("web", 3, "retail", 10, 1000, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", 100, "USD"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u1", "click", "smb"));
		endStep();
		// step 1 [T0+10s, T0+20s): value 500, cost 200, two clicks
		this.tracker.trackProjectCreation(new ProjectMetadata("web", 3, "retail", 10, 500, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", 200, "USD"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u1", "click", "smb"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u2", "click", "smb"));
		endStep();
		// step 2 [T0+20s, T0+30s): cost 50 and a refund of 30, four clicks
		this.tracker.trackCostMetrics(new CostMetadata("compute", 50, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", -30, "USD"));
		for (int i = 0; i < 4; i++) {
			this.tracker.trackUserInteraction(new InteractionMetadata("u" + i, "click", "smb"));
		}
		endStep();
	}

	private void endStep() {
		this.clock.add(STEP);
		assertThat(this.recorder.recordStep()).isNotNull();
	}

	private static TimePeriod period(int fromStep, int toStep) {
		return new TimePeriod(T0.plus(STEP.multipliedBy(fromStep)), T0.plus(STEP.multipliedBy(toStep)));
	}

	@Test
	void theBusinessReportHoldsOnlyThePeriodsStepsWithTheTrendAgainstThePreviousPeriod() {
		BusinessReport report = this.reports.generateBusinessReport(period(1, 3));

		assertThat(report.basis()).isEqualTo(BusinessReports.HISTORY_BASIS);
		BusinessReport.MetricLine costs = line(report, DefaultBusinessMetricsTracker.COSTS, Map.of());
		// steps 1 and 2: 200 + 50 charged; steps -1 and 0 before: 100
		assertThat(costs.total()).isEqualTo(250);
		assertThat(costs.count()).isEqualTo(2);
		assertThat(costs.mean()).isEqualTo(125);
		assertThat(costs.rate()).isCloseTo(2 / 20.0, within(1e-9));
		assertThat(costs.previousTotal()).isEqualTo(100);
		assertThat(costs.trend()).isCloseTo(1.5, within(1e-9));
		assertThat(costs.p99()).as("percentiles need a histogram (bduf.metrics.history.percentile-histograms)").isNull();
		BusinessReport.MetricLine created = line(report, DefaultBusinessMetricsTracker.PROJECTS_CREATED, Map.of());
		assertThat(created.total()).isEqualTo(1);
		assertThat(created.previousTotal()).isEqualTo(1);
		assertThat(created.trend()).isZero();
		assertThat(this.registry.find(DefaultBusinessMetricsTracker.PROJECTS_CREATED).counter().count())
			.as("the registry's running total, which the report does not use")
			.isEqualTo(2);

		BusinessReport first = this.reports.generateBusinessReport(period(0, 1));
		assertThat(line(first, DefaultBusinessMetricsTracker.COSTS, Map.of()).total()).isEqualTo(100);
		assertThat(line(first, DefaultBusinessMetricsTracker.COSTS, Map.of()).trend()).as("nothing before").isNull();
	}

	@Test
	void roiAndUsageRespectThePeriodsBounds() {
		RoiReport roi = this.reports.calculateROI(period(1, 3));
		assertThat(roi.basis()).isEqualTo(BusinessReports.HISTORY_BASIS);
		RoiReport.Line usd = roi.byCurrency().get("USD");
		// value 500, charges 200 + 50, refunds 30: net 220, roi (500 - 220) / 220
		assertThat(usd.value()).isEqualByComparingTo("500");
		assertThat(usd.charges()).isEqualByComparingTo("250");
		assertThat(usd.refunds()).isEqualByComparingTo("30");
		assertThat(usd.netCost()).isEqualByComparingTo("220");
		assertThat(usd.roi().doubleValue()).isCloseTo(280 / 220.0, within(1e-9));
		assertThat(this.reports.calculateROI(period(0, 1)).byCurrency().get("USD").roi())
			.isEqualByComparingTo(new BigDecimal("9"));

		UsageAnalytics usage = this.reports.getUsageAnalytics(UsageFilter.of(period(2, 3)));
		assertThat(usage.basis()).isEqualTo(BusinessReports.HISTORY_BASIS);
		assertThat(usage.interactionsByType()).containsEntry("click", 4.0);
		assertThat(usage.interactionsBySegment()).containsEntry("smb", 4.0);
		assertThat(this.reports.getUsageAnalytics(UsageFilter.of(period(0, 3))).interactionsByType())
			.containsEntry("click", 7.0);
	}

	@Test
	void withoutHistoryTheReportsSayTheyAreCumulative() {
		this.collector.setQueryEngine(null);
		BusinessReport report = this.reports.generateBusinessReport(period(1, 3));
		assertThat(report.basis()).isEqualTo(BusinessReports.CUMULATIVE_BASIS);
		assertThat(line(report, DefaultBusinessMetricsTracker.PROJECTS_CREATED, Map.of()).total()).isEqualTo(2);
	}

	private static BusinessReport.MetricLine line(BusinessReport report, String name, Map<String, String> tags) {
		return report.metrics()
			.stream()
			.filter((line) -> line.name().equals(name) && line.tags().entrySet().containsAll(tags.entrySet())
					&& !"refund".equals(line.tags().get(Money.DIRECTION)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No line " + name + " in " + report.metrics()));
	}

}
