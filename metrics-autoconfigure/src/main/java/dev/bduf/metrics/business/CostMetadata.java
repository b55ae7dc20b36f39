package dev.bduf.metrics.business;

import org.jspecify.annotations.Nullable;

/**
 * A cost, for {@link BusinessMetricsTracker#trackCostMetrics}. A negative amount (a refund
 * or a write-off) is recorded as its absolute value tagged {@code direction=refund}; a
 * positive one is tagged {@code direction=charge}.
 *
 * @param costCategory what the money went on (tag {@code cost_category})
 * @param amount the amount; negative for a refund
 * @param currency ISO 4217 code, such as {@code USD} (tag {@code currency}; the configured
 * base currency when {@code null})
 */
public record CostMetadata(@Nullable String costCategory, double amount, @Nullable String currency) {

}
