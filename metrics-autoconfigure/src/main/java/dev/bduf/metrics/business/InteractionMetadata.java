package dev.bduf.metrics.business;

import org.jspecify.annotations.Nullable;

/**
 * A user's interaction, for {@link BusinessMetricsTracker#trackUserInteraction}.
 *
 * @param userId who interacted: counted among the day's distinct users in a HyperLogLog
 * sketch (hashed, never kept), and never a tag; {@code null} counts the interaction only
 * @param interactionType what the user did (tag {@code interaction_type})
 * @param userSegment the user's segment (a bounded free-text tag {@code user_segment})
 */
public record InteractionMetadata(@Nullable String userId, @Nullable String interactionType,
		@Nullable String userSegment) {

}
