package dev.bduf.metrics.business;

import org.jspecify.annotations.Nullable;

/**
 * A quality measurement, for {@link BusinessMetricsTracker#trackQualityMetrics}.
 *
 * @param qualityDimension what was measured, such as {@code completeness} (tag
 * {@code quality_dimension})
 * @param score the score, 0 to 100 percent
 */
public record QualityMetadata(@Nullable String qualityDimension, double score) {

}
