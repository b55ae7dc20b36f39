package dev.bduf.metrics.business;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.business.BusinessMetricFailures.Reason;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The meters of each tracker call, with their exact names and tags, over a
 * {@link DefaultMetricsCollector} that keeps one key set per name.
 */
class DefaultBusinessMetricsTrackerTests {

	private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(this.registry,
			CollectorSettings.builder().consistentTagKeys(true).build(), this.clock);

	private final BusinessMetricFailures failures = new BusinessMetricFailures(this.clock,
			Duration.ofMinutes(1).toNanos());

	private final DefaultBusinessMetricsTracker tracker = new DefaultBusinessMetricsTracker(this.collector,
			new BusinessTrackerSettings(3, 7, "eur"), this.clock, this.failures);

	DefaultBusinessMetricsTrackerTests() {
		this.clock.add(NOON.toEpochMilli() - this.clock.wallTime(), TimeUnit.MILLISECONDS);
	}

	@Test
	void projectCreation() {
		this.tracker.trackProjectCreation(new ProjectMetadata("Web App", 4, "Healthcare", 42, 125_000, "usd"));

		Map<String, String> tags = Map.of("project_type", "web app", "team_size", "2-5", "industry", "healthcare");
		assertThat(this.registry.get("business.projects.created").tags(tags(tags)).counter().count()).isEqualTo(1);
		DistributionSummary complexity = this.registry.get("business.projects.complexity_score")
			.tags(tags(tags))
			.tag("business", "true")
			.summary();
		assertThat(complexity.totalAmount()).isEqualTo(42);
		assertThat(complexity.getId().getBaseUnit()).isEqualTo("points");
		DistributionSummary value = this.registry.get("business.projects.estimated_value")
			.tags(tags(tags))
			.tag("currency", "USD")
			.summary();
		assertThat(value.totalAmount()).isEqualTo(125_000);
		assertThat(value.getId().getBaseUnit()).isEqualTo("currency");
		assertThat(keys("business.projects.created")).containsExactly("industry", "project_type", "team_size");
		assertThat(keys("business.projects.estimated_value")).containsExactly("business", "currency", "industry",
				"project_type", "team_size");
	}

	@Test
	void teamSizeBuckets() {
		assertThat(List.of(0, 1, 2, 5, 6, 20, 21, 500).stream().map(DefaultBusinessMetricsTracker::teamSize))
			.containsExactly("1", "1", "2-5", "2-5", "6-20", "6-20", "21+", "21+");
	}

	@Test
	void projectWithoutCurrencyTakesTheBaseCurrency() {
		this.tracker.trackProjectCreation(new ProjectMetadata("api", 1, null, 1, 10, null));

		assertThat(this.registry.get("business.projects.estimated_value")
			.tags("currency", "EUR", "industry", "unknown", "team_size", "1")
			.summary()
			.totalAmount()).isEqualTo(10);
	}

	@Test
	void analysisCompletionTagsTheQualityBucketNeverTheNumber() {
		this.tracker.trackAnalysisCompletion(new AnalysisMetadata("risk", Duration.ofSeconds(3), 91.5));
		this.tracker.trackAnalysisCompletion(new AnalysisMetadata("risk", Duration.ofSeconds(1), 62));
		this.tracker.trackAnalysisCompletion(new AnalysisMetadata("risk", Duration.ofSeconds(2), 10));

		assertThat(this.registry.get("business.analyses.completed").tags("analysis_type", "risk", "quality_score", "high")
			.counter()
			.count()).isEqualTo(1);
		Timer duration = this.registry.get("business.analyses.duration")
			.tags("analysis_type", "risk", "quality_score", "medium")
			.timer();
		assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.registry.get("business.analyses.quality_score")
			.tags("analysis_type", "risk", "quality_score", "low", "business", "true")
			.summary()
			.totalAmount()).isEqualTo(10);
		assertThat(this.registry.find("business.analyses.completed")
			.meters()
			.stream()
			.map((meter) -> meter.getId().getTag("quality_score"))
			.collect(Collectors.toSet())).containsExactlyInAnyOrder("low", "medium", "high");
		assertThat(DefaultBusinessMetricsTracker.qualityBucket(Double.NaN)).isEqualTo("unknown");
		assertThat(DefaultBusinessMetricsTracker.qualityBucket(50)).isEqualTo("medium");
		assertThat(DefaultBusinessMetricsTracker.qualityBucket(80)).isEqualTo("high");
	}

	@Test
	void userInteractionsAndDailyUsers() {
		this.tracker.trackUserInteraction(new InteractionMetadata("u-1", "click", "Enterprise"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u-1", "click", "Enterprise"));
		this.tracker.trackUserInteraction(new InteractionMetadata("u-2", "view", "smb"));
		this.tracker.trackUserInteraction(new InteractionMetadata(null, "view", "smb"));

		assertThat(this.registry.get("business.interactions.total")
			.tags("interaction_type", "click", "user_segment", "enterprise")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("business.interactions.total")
			.tags("interaction_type", "view", "user_segment", "smb")
			.counter()
			.count()).isEqualTo(2);
		LocalDate today = LocalDate.ofInstant(NOON, ZoneOffset.UTC);
		assertThat(this.tracker.estimateDailyActiveUsers(today)).isEqualTo(2);
		// the gauge was set on the first interaction and refreshes at most once a second
		assertThat(this.registry.get("business.users.active.daily").gauge().value()).isEqualTo(1);
		this.clock.add(Duration.ofSeconds(1));
		this.tracker.trackUserInteraction(new InteractionMetadata("u-3", "view", "smb"));
		assertThat(this.registry.get("business.users.active.daily").gauge().value()).isEqualTo(3);
	}

	@Test
	void distinctUsersAreEstimatedWithinTheSketchError() {
		LocalDate day1 = LocalDate.ofInstant(NOON, ZoneOffset.UTC);
		for (int i = 0; i < 20_000; i++) {
			this.tracker.trackUserInteraction(new InteractionMetadata("user-" + i, "view", "smb"));
			this.tracker.trackUserInteraction(new InteractionMetadata("user-" + i, "click", "smb"));
		}
		this.clock.add(Duration.ofDays(1));
		LocalDate day2 = day1.plusDays(1);
		// half of day 2's users were active on day 1
		for (int i = 10_000; i < 40_000; i++) {
			this.tracker.trackUserInteraction(new InteractionMetadata("user-" + i, "view", "smb"));
		}

		// lgK = 12: relative standard error about 1.6%; 5% is three standard errors
		assertThat(this.tracker.estimateDailyActiveUsers(day1)).isCloseTo(20_000, within(1_000L));
		assertThat(this.tracker.estimateDailyActiveUsers(day2)).isCloseTo(30_000, within(1_500L));
		assertThat(this.tracker.estimateActiveUsers(day1, day2)).isCloseTo(40_000, within(2_000L));
		assertThat(this.tracker.estimateDailyActiveUsers(day2.plusDays(1))).isZero();
		// the gauge holds the estimate of its last refresh: the first interaction of day 2
		assertThat(this.registry.get("business.users.active.daily").gauge().value()).isEqualTo(1);
		this.clock.add(Duration.ofSeconds(1));
		this.tracker.trackUserInteraction(new InteractionMetadata("user-0", "view", "smb"));
		assertThat(this.registry.get("business.users.active.daily").gauge().value()).isCloseTo(30_000,
				within(1_500d));
	}

	@Test
	void oldDaysAreDropped() {
		LocalDate first = LocalDate.ofInstant(NOON, ZoneOffset.UTC);
		for (int day = 0; day < 10; day++) {
			this.tracker.trackUserInteraction(new InteractionMetadata("u", "view", "smb"));
			this.clock.add(Duration.ofDays(1));
		}

		assertThat(this.tracker.retainedSketchDays()).isEqualTo(7);
		assertThat(this.tracker.estimateDailyActiveUsers(first)).isZero();
		assertThat(this.tracker.estimateDailyActiveUsers(first.plusDays(9))).isEqualTo(1);
		assertThat(this.tracker.estimateActiveUsers(null, first)).isZero();
	}

	@Test
	void systemUsage() {
		Map<String, Long> features = new LinkedHashMap<>();
		features.put("Export", 3L);
		features.put("share", 2L);
		this.tracker.trackSystemUsage(new UsageMetadata(17, 4, features));
		this.tracker.trackSystemUsage(new UsageMetadata(12, 1, Map.of("export", 1L)));

		assertThat(this.registry.get("business.usage.active_users").gauge().value()).isEqualTo(12);
		assertThat(this.registry.get("business.usage.sessions").counter().count()).isEqualTo(5);
		assertThat(this.registry.get("business.usage.feature_uses").tag("feature", "export").counter().count())
			.isEqualTo(4);
		assertThat(this.registry.get("business.usage.feature_uses").tag("feature", "share").counter().count())
			.isEqualTo(2);
	}

	@Test
	void freeTextTagValuesAreBounded() {
		for (String feature : List.of("a", "b", "c", "d", "e", "a")) {
			this.tracker.trackSystemUsage(new UsageMetadata(1, 0, Map.of(feature, 1L)));
		}

		assertThat(values("business.usage.feature_uses", "feature")).containsExactly("a", "b", "c", "other");
		assertThat(this.registry.get("business.usage.feature_uses").tag("feature", "other").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("business.usage.feature_uses").tag("feature", "a").counter().count())
			.isEqualTo(2);
	}

	@Test
	void costsAndRefundsAreSeparateSeriesWithTheSameKeys() {
		this.tracker.trackCostMetrics(new CostMetadata("Compute", 100, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", 40, "usd"));
		this.tracker.trackCostMetrics(new CostMetadata("compute", -25.5, "USD"));
		this.tracker.trackCostMetrics(new CostMetadata("licences", 9, null));

		DistributionSummary charges = this.registry.get("business.costs.amount")
			.tags("cost_category", "compute", "currency", "USD", "direction", "charge", "business", "true")
			.summary();
		DistributionSummary refunds = this.registry.get("business.costs.amount")
			.tags("cost_category", "compute", "currency", "USD", "direction", "refund")
			.summary();
		assertThat(charges.totalAmount()).isEqualTo(140);
		assertThat(refunds.totalAmount()).isEqualTo(25.5);
		assertThat(charges.totalAmount() - refunds.totalAmount()).isEqualTo(114.5);
		assertThat(charges.getId().getBaseUnit()).isEqualTo("currency");
		assertThat(this.registry.get("business.costs.amount").tags("currency", "EUR").summary().totalAmount())
			.isEqualTo(9);
		assertThat(this.collector.getCollectorStats().rejected()).isZero();
	}

	@Test
	void qualityAndEffectiveness() {
		this.tracker.trackQualityMetrics(new QualityMetadata("Completeness", 87.5));
		this.tracker.trackEffectivenessMetrics(new EffectivenessMetadata(Duration.ofMinutes(90), 35));

		DistributionSummary quality = this.registry.get("business.quality.score")
			.tag("quality_dimension", "completeness")
			.summary();
		assertThat(quality.totalAmount()).isEqualTo(87.5);
		assertThat(quality.getId().getBaseUnit()).isEqualTo("percent");
		DistributionSummary saved = this.registry.get("business.effectiveness.time_saved").summary();
		assertThat(saved.totalAmount()).isEqualTo(5400);
		assertThat(saved.getId().getBaseUnit()).isEqualTo("seconds");
		DistributionSummary adoption = this.registry.get("business.effectiveness.adoption_rate").summary();
		assertThat(adoption.totalAmount()).isEqualTo(35);
		assertThat(adoption.getId().getBaseUnit()).isEqualTo("percent");
	}

	@Test
	void everyNameHasOneKeySet() {
		this.tracker.trackProjectCreation(new ProjectMetadata("a", 1, "x", 1, 1, "USD"));
		this.tracker.trackProjectCreation(new ProjectMetadata(null, 30, null, 2, 2, null));
		this.tracker.trackAnalysisCompletion(new AnalysisMetadata(null, Duration.ZERO, 1));
		this.tracker.trackUserInteraction(new InteractionMetadata("u", null, null));
		this.tracker.trackCostMetrics(new CostMetadata(null, -1, null));
		this.tracker.trackQualityMetrics(new QualityMetadata(null, 1));

		Map<String, Set<List<String>>> keySets = this.registry.getMeters()
			.stream()
			.collect(Collectors.groupingBy((meter) -> meter.getId().getName(), Collectors.mapping(
					(meter) -> meter.getId().getTags().stream().map(Tag::getKey).sorted().toList(),
					Collectors.toSet())));
		keySets.forEach((name, sets) -> assertThat(sets).as(name).hasSize(1));
		assertThat(this.collector.getCollectorStats().rejectedByReason().get(RejectionReason.TAG_KEYS_MISMATCH))
			.isZero();
	}

	@Test
	void badInputIsCountedNeverThrown() {
		this.tracker.trackProjectCreation(null);
		this.tracker.trackAnalysisCompletion(null);
		this.tracker.trackUserInteraction(null);
		this.tracker.trackSystemUsage(null);
		this.tracker.trackCostMetrics(null);
		this.tracker.trackQualityMetrics(null);
		this.tracker.trackEffectivenessMetrics(null);
		this.tracker.trackProjectCreation(new ProjectMetadata("a", 1, "x", Double.NaN, -5, "USD"));
		this.tracker.trackAnalysisCompletion(new AnalysisMetadata("a", null, 1));
		this.tracker.trackEffectivenessMetrics(new EffectivenessMetadata(null, 5));

		assertThat(this.failures.byReason().get(Reason.INVALID_INPUT)).isEqualTo(7);
		Map<RejectionReason, Long> rejected = this.collector.getCollectorStats().rejectedByReason();
		assertThat(rejected.get(RejectionReason.NOT_FINITE)).isEqualTo(1);
		assertThat(rejected.get(RejectionReason.NEGATIVE_VALUE)).isEqualTo(1);
		assertThat(rejected.get(RejectionReason.INVALID_DURATION)).isEqualTo(1);
		assertThat(this.registry.get("business.effectiveness.adoption_rate").summary().totalAmount()).isEqualTo(5);
	}

	@Test
	void trackerThatMeetsAFailingCollectorCountsAndCarriesOn() {
		dev.bduf.metrics.MetricsCollector broken = org.mockito.Mockito.mock(dev.bduf.metrics.MetricsCollector.class,
				(invocation) -> {
					throw new IllegalStateException("down");
				});
		DefaultBusinessMetricsTracker tracker = new DefaultBusinessMetricsTracker(broken,
				BusinessTrackerSettings.defaults(), this.clock, this.failures);

		tracker.trackProjectCreation(new ProjectMetadata("a", 1, "x", 1, 1, "USD"));
		tracker.trackAnalysisCompletion(new AnalysisMetadata("a", Duration.ZERO, 1));
		tracker.trackUserInteraction(new InteractionMetadata("u", "a", "b"));
		tracker.trackSystemUsage(new UsageMetadata(1, 1, Map.of()));
		tracker.trackCostMetrics(new CostMetadata("a", 1, "USD"));
		tracker.trackQualityMetrics(new QualityMetadata("a", 1));
		tracker.trackEffectivenessMetrics(new EffectivenessMetadata(Duration.ZERO, 1));

		assertThat(this.failures.total()).isEqualTo(7);
	}

	@Test
	void settingsAreValidated() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BusinessTrackerSettings(0, 1, "USD"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BusinessTrackerSettings(1, 0, "USD"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BusinessTrackerSettings(1, 1, "dollars"))
			.withMessageContaining("ISO 4217");
		assertThat(new BusinessTrackerSettings(1, 1, " gbp ").baseCurrency()).isEqualTo("GBP");
		assertThat(new DefaultBusinessMetricsTracker(this.collector).getFailures().total()).isZero();
	}

	private static Iterable<Tag> tags(Map<String, String> tags) {
		return tags.entrySet().stream().map((entry) -> Tag.of(entry.getKey(), entry.getValue())).toList();
	}

	private Set<String> keys(String name) {
		Meter meter = this.registry.get(name).meter();
		return meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
	}

	private Set<String> values(String name, String key) {
		return this.registry.find(name)
			.meters()
			.stream()
			.map((meter) -> meter.getId().getTag(key))
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
