/**
 * The {@link dev.bduf.metrics.MetricsCollector} implementation: name and tag
 * normalisation, the per-name series cache, the cardinality guard, rejection counting
 * and the collector's own health.
 */
@NullMarked
package dev.bduf.metrics.collector;

import org.jspecify.annotations.NullMarked;
