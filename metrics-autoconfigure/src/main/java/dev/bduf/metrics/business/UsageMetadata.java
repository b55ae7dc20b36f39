package dev.bduf.metrics.business;

import java.util.Map;

/**
 * Usage of the system over an interval, for {@link BusinessMetricsTracker#trackSystemUsage}.
 *
 * @param activeUsers users active now (the gauge {@code business.usage.active_users})
 * @param sessions sessions started in the interval (added to
 * {@code business.usage.sessions})
 * @param featureUses uses per feature in the interval (added to
 * {@code business.usage.feature_uses}, tag {@code feature}, a bounded free-text tag)
 */
public record UsageMetadata(long activeUsers, long sessions, Map<String, Long> featureUses) {

	public UsageMetadata {
		featureUses = (featureUses != null) ? Map.copyOf(featureUses) : Map.of();
	}

}
