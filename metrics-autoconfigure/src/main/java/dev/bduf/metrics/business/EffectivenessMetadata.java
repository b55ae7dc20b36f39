package dev.bduf.metrics.business;

import java.time.Duration;

/**
 * What the product achieved, for {@link BusinessMetricsTracker#trackEffectivenessMetrics}.
 *
 * @param timeSaved time saved for the user
 * @param adoptionRate share of users who adopted it, 0 to 100 percent
 */
public record EffectivenessMetadata(Duration timeSaved, double adoptionRate) {

}
