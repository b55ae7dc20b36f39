package dev.bduf.metrics.business;

import org.jspecify.annotations.Nullable;

/**
 * A project that was created, for {@link BusinessMetricsTracker#trackProjectCreation}.
 *
 * @param projectType the kind of project (a bounded free-text tag {@code project_type})
 * @param teamSize people on the team, tagged as the bucket {@code 1}, {@code 2-5},
 * {@code 6-20} or {@code 21+}
 * @param industry the customer's industry (a bounded free-text tag {@code industry})
 * @param complexityScore the project's complexity, in points
 * @param estimatedValue what the project is expected to be worth, zero or more
 * @param currency ISO 4217 code of {@code estimatedValue}, such as {@code USD} (tag
 * {@code currency}; the configured base currency when {@code null})
 */
public record ProjectMetadata(@Nullable String projectType, int teamSize, @Nullable String industry,
		double complexityScore, double estimatedValue, @Nullable String currency) {

}
