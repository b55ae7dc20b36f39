/**
 * Metric history: a {@link dev.bduf.metrics.history.StepSnapshot} of every meter of the
 * registry each step, rollups from raw steps to one-minute and ten-minute points with
 * mergeable {@link dev.bduf.metrics.history.Sketch quantile sketches}, and the query
 * engine behind {@link dev.bduf.metrics.MetricsCollector#getAggregatedMetrics}.
 */
@NullMarked
package dev.bduf.metrics.history;

import org.jspecify.annotations.NullMarked;
