package dev.bduf.metrics.business;

import java.time.LocalDate;

/**
 * Records typed business events through the {@link dev.bduf.metrics.MetricsCollector},
 * each as fixed meters with a fixed set of tag keys per name. Free-text tag values
 * ({@code project_type}, {@code industry}, {@code analysis_type},
 * {@code interaction_type}, {@code user_segment}, {@code feature},
 * {@code cost_category}, {@code quality_dimension}, {@code currency}) are bounded by
 * {@code bduf.metrics.business.max-tag-values} per tag: later new values read
 * {@code other}, a missing one {@code unknown}.
 * <p>
 * Calls never throw: null or malformed input is counted in
 * {@link BusinessMetricFailures} and logged at a limited rate, and values the collector
 * refuses (negative, not finite) are counted in its stats.
 */
public interface BusinessMetricsTracker {

	/**
	 * Record a created project: the counter {@code business.projects.created}, the
	 * summaries {@code business.projects.complexity_score} (points) and
	 * {@code business.projects.estimated_value} (currency, extra tag {@code currency}), all
	 * tagged {@code project_type}, {@code team_size} ({@code 1}, {@code 2-5}, {@code 6-20},
	 * {@code 21+}) and {@code industry}.
	 * @param project the project
	 */
	void trackProjectCreation(ProjectMetadata project);

	/**
	 * Record a completed analysis: the counter {@code business.analyses.completed}, the
	 * timer {@code business.analyses.duration} and the summary
	 * {@code business.analyses.quality_score} (points), tagged {@code analysis_type} and
	 * {@code quality_score} as a bucket ({@code low}, {@code medium}, {@code high}).
	 * @param analysis the analysis
	 */
	void trackAnalysisCompletion(AnalysisMetadata analysis);

	/**
	 * Record a user's interaction: the counter {@code business.interactions.total} tagged
	 * {@code interaction_type} and {@code user_segment}, and the user among the day's
	 * distinct users (a HyperLogLog sketch). The day's estimate is the gauge
	 * {@code business.users.active.daily}, refreshed by an interaction at most once a
	 * second (so it holds the estimate as of the last refresh), and, always current,
	 * {@link #estimateDailyActiveUsers(LocalDate)}.
	 * @param interaction the interaction
	 */
	void trackUserInteraction(InteractionMetadata interaction);

	/**
	 * Record system usage: the gauge {@code business.usage.active_users}, the counters
	 * {@code business.usage.sessions} and {@code business.usage.feature_uses} (tag
	 * {@code feature}).
	 * @param usage the usage
	 */
	void trackSystemUsage(UsageMetadata usage);

	/**
	 * Record a cost: the summary {@code business.costs.amount} (currency) tagged
	 * {@code cost_category}, {@code currency} and {@code direction} ({@code charge}, or
	 * {@code refund} for a negative amount, recorded as its absolute value). The net cost
	 * is {@code sum(direction=charge) - sum(direction=refund)}, per currency.
	 * @param cost the cost
	 */
	void trackCostMetrics(CostMetadata cost);

	/**
	 * Record a quality score: the summary {@code business.quality.score} (percent) tagged
	 * {@code quality_dimension}.
	 * @param quality the score
	 */
	void trackQualityMetrics(QualityMetadata quality);

	/**
	 * Record effectiveness: the summaries {@code business.effectiveness.time_saved}
	 * (seconds) and {@code business.effectiveness.adoption_rate} (percent).
	 * @param effectiveness what was achieved
	 */
	void trackEffectivenessMetrics(EffectivenessMetadata effectiveness);

	/**
	 * Estimated distinct users of one UTC day, from the day's HyperLogLog sketch.
	 * @param day the day
	 * @return the estimate; 0 for a day without interactions or no longer retained
	 */
	default long estimateDailyActiveUsers(LocalDate day) {
		return estimateActiveUsers(day, day);
	}

	/**
	 * Estimated distinct users over several UTC days, both included: the days' sketches
	 * merged, so a user active on several days counts once.
	 * @param from the first day
	 * @param to the last day
	 * @return the estimate
	 */
	long estimateActiveUsers(LocalDate from, LocalDate to);

}
