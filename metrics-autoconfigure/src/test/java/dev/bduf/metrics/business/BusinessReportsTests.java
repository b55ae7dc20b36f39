package dev.bduf.metrics.business;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.business.endpoint.BusinessEndpoint;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reports read from the cumulative meters, and the {@code business} endpoint as a plain
 * object.
 */
class BusinessReportsTests {

	private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(this.registry,
			CollectorSettings.builder().build(), this.clock);

	private final BusinessMetricFailures failures = new BusinessMetricFailures();

	private final DefaultBusinessMetricsTracker tracker;

	private final BusinessReports reports;

	private final TimePeriod period = new TimePeriod(NOON.minus(Duration.ofDays(1)), NOON.plusSeconds(60));

	BusinessReportsTests() {
		this.clock.add(NOON.toEpochMilli() - this.clock.wallTime(), TimeUnit.MILLISECONDS);
		this.tracker = new DefaultBusinessMetricsTracker(this.collector, BusinessTrackerSettings.defaults(), this.clock,
				this.failures);
		this.reports = new BusinessReports(this.registry, this.collector, this.tracker, this.failures, "usd",
				Map.of("eur", new BigDecimal("1.10")));
	}

	@Test
	void businessReportListsEveryBusinessMeter() {
		this.tracker.trackProjectCreation(new ProjectMetadata("web", 3, "retail", 10, 1000, "USD"));
		this.tracker.trackAnalysisCompletion(new AnalysisMetadata("risk", Duration.ofSeconds(2), 90));
		this.tracker.trackSystemUsage(new UsageMetadata(5, 1, Map.of()));
		this.collector.businessMetric("orders.revenue", 12, MetricUnit.COUNT, Map.of());
		this.collector.increment("unrelated.counter");
		this.tracker.trackUserInteraction(new InteractionMetadata("u1", "click", "smb"));
		this.failures.fail(BusinessMetricFailures.Reason.NOT_A_NUMBER, () -> "test", null);

		BusinessReport report = this.reports.generateBusinessReport(this.period);

		assertThat(report.basis()).isEqualTo(BusinessReports.CUMULATIVE_BASIS);
		assertThat(report.dataSince()).isEqualTo(this.collector.getCollectorStats().since());
		assertThat(report.distinctUsers()).isEqualTo(1);
		assertThat(report.failures()).isEqualTo(1);
		assertThat(report.metrics()).extracting(BusinessReport.MetricLine::name)
			.contains("business.projects.created", "business.analyses.duration", "business.usage.active_users",
					"orders.revenue")
			.doesNotContain("unrelated.counter")
			.isSorted();
		assertThat(report.metrics()).filteredOn((line) -> line.name().equals("business.analyses.duration"))
			.singleElement()
			.satisfies((line) -> {
				assertThat(line.type()).isEqualTo("timer");
				assertThat(line.total()).isEqualTo(2);
				assertThat(line.tags()).containsEntry("quality_score", "high");
			});
		assertThat(report.metrics()).filteredOn((line) -> line.name().equals("business.projects.estimated_value"))
			.singleElement()
			.satisfies((line) -> {
				assertThat(line.type()).isEqualTo("summary");
				assertThat(line.baseUnit()).isEqualTo("currency");
				assertThat(line.mean()).isEqualTo(1000);
			});
		assertThat(report.metrics()).filteredOn((line) -> line.name().equals("business.usage.active_users"))
			.singleElement()
			.satisfies((line) -> assertThat(line.type()).isEqualTo("gauge"));
	}

	@Test
	void roiPerCurrencyNetsRefundsAndConvertsOnlyWithARate() {
		this.tracker.trackProjectCreation(new ProjectMetadata("web", 3, "retail", 10, 1000, "USD"));
		this.tracker.trackProjectCreation(new ProjectMetadata("web", 3, "retail", 10, 500, "EUR"));
		this.tracker.trackProjectCreation(new ProjectMetadata("web", 3, "retail", 10, 70, "GBP"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", 300, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", -50, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("people", 200, "EUR"));

		RoiReport roi = this.reports.calculateROI(this.period);

		assertThat(roi.baseCurrency()).isEqualTo("USD");
		assertThat(roi.formula()).isEqualTo(RoiReport.FORMULA);
		RoiReport.Line usd = roi.byCurrency().get("USD");
		assertThat(usd.value()).isEqualByComparingTo("1000");
		assertThat(usd.charges()).isEqualByComparingTo("300");
		assertThat(usd.refunds()).isEqualByComparingTo("50");
		assertThat(usd.netCost()).isEqualByComparingTo("250");
		assertThat(usd.roi()).isEqualByComparingTo("3");
		assertThat(roi.byCurrency().get("EUR").roi()).isEqualByComparingTo("1.5");
		assertThat(roi.byCurrency().get("GBP").roi()).isNull();
		assertThat(roi.unconverted()).containsExactly("GBP");
		// base: 1000 + 500 * 1.10 = 1550 value, 250 + 200 * 1.10 = 470 net cost
		assertThat(roi.base().value()).isEqualByComparingTo("1550");
		assertThat(roi.base().netCost()).isEqualByComparingTo("470");
		assertThat(roi.base().roi()).isEqualByComparingTo(new BigDecimal("1080").divide(new BigDecimal("470"),
				java.math.MathContext.DECIMAL64));
	}

	@Test
	void ratesMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BusinessReports(this.registry, this.collector, this.tracker, this.failures, "USD",
					Map.of("EUR", BigDecimal.ZERO)))
			.withMessageContaining("EUR");
	}

	@Test
	void usageAnalyticsFiltered() {
		this.tracker.trackUserInteraction(new InteractionMetadata("u1", "click", "smb"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u2", "view", "smb"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u3", "view", "enterprise"));
		this.tracker.trackSystemUsage(new UsageMetadata(9, 4, Map.of("export", 3L, "share", 1L)));

		UsageAnalytics all = this.reports.getUsageAnalytics(UsageFilter.of(this.period));
		assertThat(all.distinctUsers()).isEqualTo(3);
		assertThat(all.dailyActiveUsers()).containsExactly(Map.entry(LocalDate.of(2026, 3, 1), 0L),
				Map.entry(LocalDate.of(2026, 3, 2), 3L));
		assertThat(all.interactionsByType()).containsExactly(Map.entry("click", 1d), Map.entry("view", 2d));
		assertThat(all.interactionsBySegment()).containsExactly(Map.entry("enterprise", 1d), Map.entry("smb", 2d));
		assertThat(all.featureUses()).containsExactly(Map.entry("export", 3d), Map.entry("share", 1d));
		assertThat(all.sessions()).isEqualTo(4);
		assertThat(all.activeUsers()).isEqualTo(9);

		UsageAnalytics narrowed = this.reports
			.getUsageAnalytics(new UsageFilter(this.period, "Export", "SMB", "view"));
		assertThat(narrowed.interactionsByType()).containsExactly(Map.entry("view", 1d));
		assertThat(narrowed.interactionsBySegment()).containsExactly(Map.entry("smb", 1d));
		assertThat(narrowed.featureUses()).containsExactly(Map.entry("export", 3d));
	}

	@Test
	void longPeriodsListTheLastDaysOnly() {
		UsageAnalytics analytics = this.reports.getUsageAnalytics(
				UsageFilter.of(new TimePeriod(NOON.minus(Duration.ofDays(1000)), NOON)));

		assertThat(analytics.dailyActiveUsers()).hasSize(BusinessReports.MAX_DAYS_LISTED);
	}

	@Test
	void endpointAnswersReportsAndBadPeriods() {
		BusinessEndpoint endpoint = new BusinessEndpoint(this.reports,
				java.time.Clock.fixed(NOON, java.time.ZoneOffset.UTC));

		assertThat(endpoint.report("P7D", null, null).getStatus()).isEqualTo(200);
		assertThat(endpoint.report("P7D", null, null).getBody()).isInstanceOf(BusinessReport.class);
		assertThat(endpoint.section("roi", null, "2026-03-01", null, null, null, null).getBody())
			.isInstanceOf(RoiReport.class);
		WebEndpointResponse<Object> usage = endpoint.section("usage", "P1D", null, null, "export", null, null);
		assertThat(usage.getBody()).isInstanceOfSatisfying(UsageAnalytics.class,
				(analytics) -> assertThat(analytics.filter().feature()).isEqualTo("export"));

		WebEndpointResponse<Object> bad = endpoint.report("seven days", null, null);
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(bad.getBody()).isInstanceOfSatisfying(Map.class,
				(body) -> assertThat(body.get("message").toString()).contains("ISO-8601"));
		assertThat(endpoint.section("roi", "P7D", "2026-03-01", null, null, null, null).getStatus()).isEqualTo(400);
		assertThat(endpoint.section("nope", "P7D", null, null, null, null, null).getStatus()).isEqualTo(404);
	}

}
