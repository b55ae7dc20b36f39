/**
 * The query engine of the metric history: answers a
 * {@link dev.bduf.metrics.MetricsQuery} from a
 * {@link dev.bduf.metrics.storage.MetricsStorage}, picking the rollup, grouping series
 * and merging sketches.
 */
@NullMarked
package dev.bduf.metrics.query;

import org.jspecify.annotations.NullMarked;
