package dev.bduf.metrics.business;

import org.jspecify.annotations.Nullable;

/**
 * What usage analytics cover: a period and, optionally, one feature, user segment or
 * interaction type (compared with the recorded tag values, ignoring case).
 *
 * @param period the period
 * @param feature one feature, or {@code null} for all
 * @param userSegment one user segment, or {@code null} for all
 * @param interactionType one interaction type, or {@code null} for all
 */
public record UsageFilter(TimePeriod period, @Nullable String feature, @Nullable String userSegment,
		@Nullable String interactionType) {

	public UsageFilter {
		if (period == null) {
			throw new IllegalArgumentException("A usage filter needs a period");
		}
	}

	/**
	 * Every feature, segment and interaction type over a period.
	 * @param period the period
	 * @return the filter
	 */
	public static UsageFilter of(TimePeriod period) {
		return new UsageFilter(period, null, null, null);
	}

}
