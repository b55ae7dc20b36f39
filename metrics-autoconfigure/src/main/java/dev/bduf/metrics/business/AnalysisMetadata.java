package dev.bduf.metrics.business;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An analysis that completed, for {@link BusinessMetricsTracker#trackAnalysisCompletion}.
 *
 * @param analysisType the kind of analysis (tag {@code analysis_type})
 * @param duration how long it took
 * @param qualityScore its quality, 0 to 100 points; tagged as the bucket {@code low}
 * (under 50), {@code medium} (50 to under 80) or {@code high} (80 and more), never as the
 * number
 */
public record AnalysisMetadata(@Nullable String analysisType, Duration duration, double qualityScore) {

}
