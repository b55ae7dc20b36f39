package dev.bduf.metrics.business;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage over a period. Distinct users come from the daily HyperLogLog sketches and cover
 * the period's UTC days; the counts come from the metric history over the period, or,
 * without history, are the registry's cumulative values since {@code dataSince} (see
 * {@code basis}).
 *
 * @param filter what was asked for
 * @param dataSince the start of the data the counts cover
 * @param basis how the counts were computed
 * @param distinctUsers estimated distinct users over the period's days, all days merged
 * @param dailyActiveUsers estimated distinct users per day of the period
 * @param interactionsByType interactions per interaction type (matching the filter)
 * @param interactionsBySegment interactions per user segment (matching the filter)
 * @param featureUses uses per feature (matching the filter)
 * @param sessions sessions started
 * @param activeUsers the last value of {@code business.usage.active_users} in the period
 */
public record UsageAnalytics(UsageFilter filter, Instant dataSince, String basis, long distinctUsers,
		Map<LocalDate, Long> dailyActiveUsers, Map<String, Double> interactionsByType,
		Map<String, Double> interactionsBySegment, Map<String, Double> featureUses, double sessions,
		double activeUsers) {

	public UsageAnalytics {
		dailyActiveUsers = Collections.unmodifiableMap(new TreeMap<>(dailyActiveUsers));
		interactionsByType = Collections.unmodifiableMap(new TreeMap<>(interactionsByType));
		interactionsBySegment = Collections.unmodifiableMap(new TreeMap<>(interactionsBySegment));
		featureUses = Collections.unmodifiableMap(new TreeMap<>(featureUses));
	}

}
