package dev.bduf.metrics.business;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.business.BusinessMetricFailures.Reason;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The {@link BusinessMetricsTracker} over a {@link MetricsCollector}. Every meter it
 * records has one fixed set of tag keys; see each method for the names.
 */
public final class DefaultBusinessMetricsTracker implements BusinessMetricsTracker {

	static final String PROJECTS_CREATED = "business.projects.created";

	static final String PROJECTS_COMPLEXITY = "business.projects.complexity_score";

	static final String PROJECTS_VALUE = "business.projects.estimated_value";

	static final String ANALYSES_COMPLETED = "business.analyses.completed";

	static final String ANALYSES_DURATION = "business.analyses.duration";

	static final String ANALYSES_QUALITY = "business.analyses.quality_score";

	static final String INTERACTIONS = "business.interactions.total";

	static final String DAILY_USERS = "business.users.active.daily";

	static final String USAGE_ACTIVE_USERS = "business.usage.active_users";

	static final String USAGE_SESSIONS = "business.usage.sessions";

	static final String USAGE_FEATURES = "business.usage.feature_uses";

	static final String COSTS = "business.costs.amount";

	static final String QUALITY = "business.quality.score";

	static final String TIME_SAVED = "business.effectiveness.time_saved";

	static final String ADOPTION = "business.effectiveness.adoption_rate";

	private static final long GAUGE_REFRESH_MILLIS = 1000;

	private final MetricsCollector collector;

	private final BusinessTrackerSettings settings;

	private final Clock clock;

	private final BusinessMetricFailures failures;

	private final TagValueLimiter projectTypes;

	private final TagValueLimiter industries;

	private final TagValueLimiter analysisTypes;

	private final TagValueLimiter interactionTypes;

	private final TagValueLimiter segments;

	private final TagValueLimiter features;

	private final TagValueLimiter costCategories;

	private final TagValueLimiter dimensions;

	private final TagValueLimiter currencies;

	private final DailyUsers dailyUsers;

	private final AtomicLong nextGaugeRefresh = new AtomicLong(Long.MIN_VALUE);

	/**
	 * A tracker with default settings and the system clock.
	 * @param collector records the meters
	 */
	public DefaultBusinessMetricsTracker(MetricsCollector collector) {
		this(collector, BusinessTrackerSettings.defaults(), Clock.SYSTEM, new BusinessMetricFailures());
	}

	/**
	 * A tracker.
	 * @param collector records the meters
	 * @param settings tag bounds, sketch retention and base currency
	 * @param clock the clock that tells the day (UTC) of an interaction
	 * @param failures counts the input that could not be recorded
	 */
	public DefaultBusinessMetricsTracker(MetricsCollector collector, BusinessTrackerSettings settings, Clock clock,
			BusinessMetricFailures failures) {
		this.collector = collector;
		this.settings = settings;
		this.clock = clock;
		this.failures = failures;
		int max = settings.maxTagValues();
		this.projectTypes = new TagValueLimiter(max, false);
		this.industries = new TagValueLimiter(max, false);
		this.analysisTypes = new TagValueLimiter(max, false);
		this.interactionTypes = new TagValueLimiter(max, false);
		this.segments = new TagValueLimiter(max, false);
		this.features = new TagValueLimiter(max, false);
		this.costCategories = new TagValueLimiter(max, false);
		this.dimensions = new TagValueLimiter(max, false);
		this.currencies = new TagValueLimiter(max, true);
		this.dailyUsers = new DailyUsers(settings.activeUserDays());
	}

	/**
	 * The input that could not be recorded.
	 * @return the failure counts
	 */
	public BusinessMetricFailures getFailures() {
		return this.failures;
	}

	@Override
	public void trackProjectCreation(ProjectMetadata project) {
		if (invalid(project, "trackProjectCreation")) {
			return;
		}
		try {
			Map<String, Object> tags = new LinkedHashMap<>();
			tags.put("project_type", this.projectTypes.value(project.projectType()));
			tags.put("team_size", teamSize(project.teamSize()));
			tags.put("industry", this.industries.value(project.industry()));
			this.collector.increment(PROJECTS_CREATED, 1, tags);
			this.collector.businessMetric(PROJECTS_COMPLEXITY, project.complexityScore(), MetricUnit.POINTS, tags);
			Map<String, Object> valueTags = new LinkedHashMap<>(tags);
			valueTags.put("currency", currency(project.currency()));
			this.collector.businessMetric(PROJECTS_VALUE, project.estimatedValue(), MetricUnit.CURRENCY, valueTags);
		}
		catch (RuntimeException ex) {
			failed("trackProjectCreation", ex);
		}
	}

	@Override
	public void trackAnalysisCompletion(AnalysisMetadata analysis) {
		if (invalid(analysis, "trackAnalysisCompletion")) {
			return;
		}
		try {
			Map<String, Object> tags = Map.of("analysis_type", this.analysisTypes.value(analysis.analysisType()),
					"quality_score", qualityBucket(analysis.qualityScore()));
			this.collector.increment(ANALYSES_COMPLETED, 1, tags);
			this.collector.timing(ANALYSES_DURATION, analysis.duration(), tags);
			this.collector.businessMetric(ANALYSES_QUALITY, analysis.qualityScore(), MetricUnit.POINTS, tags);
		}
		catch (RuntimeException ex) {
			failed("trackAnalysisCompletion", ex);
		}
	}

	@Override
	public void trackUserInteraction(InteractionMetadata interaction) {
		if (invalid(interaction, "trackUserInteraction")) {
			return;
		}
		try {
			this.collector.increment(INTERACTIONS, 1,
					Map.of("interaction_type", this.interactionTypes.value(interaction.interactionType()),
							"user_segment", this.segments.value(interaction.userSegment())));
			String userId = interaction.userId();
			if (userId != null && !userId.isEmpty()) {
				LocalDate today = today();
				this.dailyUsers.add(today, userId);
				refreshDailyGauge(today);
			}
		}
		catch (RuntimeException ex) {
			failed("trackUserInteraction", ex);
		}
	}

	private void refreshDailyGauge(LocalDate today) {
		long now = this.clock.wallTime();
		long next = this.nextGaugeRefresh.get();
		if ((next == Long.MIN_VALUE || now >= next)
				&& this.nextGaugeRefresh.compareAndSet(next, now + GAUGE_REFRESH_MILLIS)) {
			this.collector.gauge(DAILY_USERS, this.dailyUsers.estimate(today, today), Map.of());
		}
	}

	@Override
	public long estimateActiveUsers(LocalDate from, LocalDate to) {
		if (from == null || to == null) {
			return 0;
		}
		return this.dailyUsers.estimate(from, to);
	}

	@Override
	public void trackSystemUsage(UsageMetadata usage) {
		if (invalid(usage, "trackSystemUsage")) {
			return;
		}
		try {
			this.collector.gauge(USAGE_ACTIVE_USERS, usage.activeUsers(), Map.of());
			this.collector.increment(USAGE_SESSIONS, usage.sessions(), Map.of());
			usage.featureUses().forEach((feature, uses) -> {
				if (uses != null) {
					this.collector.increment(USAGE_FEATURES, uses, Map.of("feature", this.features.value(feature)));
				}
			});
		}
		catch (RuntimeException ex) {
			failed("trackSystemUsage", ex);
		}
	}

	@Override
	public void trackCostMetrics(CostMetadata cost) {
		if (invalid(cost, "trackCostMetrics")) {
			return;
		}
		try {
			double amount = cost.amount();
			this.collector.businessMetric(COSTS, Math.abs(amount), MetricUnit.CURRENCY,
					Map.of("cost_category", this.costCategories.value(cost.costCategory()), "currency",
							currency(cost.currency()), Money.DIRECTION, Money.direction(amount)));
		}
		catch (RuntimeException ex) {
			failed("trackCostMetrics", ex);
		}
	}

	@Override
	public void trackQualityMetrics(QualityMetadata quality) {
		if (invalid(quality, "trackQualityMetrics")) {
			return;
		}
		try {
			this.collector.businessMetric(QUALITY, quality.score(), MetricUnit.PERCENT,
					Map.of("quality_dimension", this.dimensions.value(quality.qualityDimension())));
		}
		catch (RuntimeException ex) {
			failed("trackQualityMetrics", ex);
		}
	}

	@Override
	public void trackEffectivenessMetrics(EffectivenessMetadata effectiveness) {
		if (invalid(effectiveness, "trackEffectivenessMetrics")) {
			return;
		}
		try {
			Duration saved = effectiveness.timeSaved();
			if (saved != null) {
				this.collector.businessMetric(TIME_SAVED, saved.toNanos() / 1e9, MetricUnit.SECONDS, Map.of());
			}
			this.collector.businessMetric(ADOPTION, effectiveness.adoptionRate(), MetricUnit.PERCENT, Map.of());
		}
		catch (RuntimeException ex) {
			failed("trackEffectivenessMetrics", ex);
		}
	}

	static String teamSize(int size) {
		if (size <= 1) {
			return "1";
		}
		if (size <= 5) {
			return "2-5";
		}
		return (size <= 20) ? "6-20" : "21+";
	}

	static String qualityBucket(double score) {
		if (Double.isNaN(score)) {
			return TagValueLimiter.UNKNOWN;
		}
		if (score < 50) {
			return "low";
		}
		return (score < 80) ? "medium" : "high";
	}

	private String currency(@Nullable String currency) {
		return this.currencies.value((currency != null) ? currency : this.settings.baseCurrency());
	}

	private LocalDate today() {
		return LocalDate.ofInstant(Instant.ofEpochMilli(this.clock.wallTime()), ZoneOffset.UTC);
	}

	private boolean invalid(@Nullable Object metadata, String call) {
		if (metadata != null) {
			return false;
		}
		this.failures.fail(Reason.INVALID_INPUT, () -> call + " was given null; nothing was recorded", null);
		return true;
	}

	private void failed(String call, RuntimeException ex) {
		this.failures.fail(Reason.INVALID_INPUT, () -> call + " failed; part of its metrics may be missing", ex);
	}

	long retainedSketchDays() {
		return this.dailyUsers.retainedDays();
	}

}
