/**
 * Business metrics: the {@link dev.bduf.metrics.business.BusinessMetric} annotation and
 * its advisor, which evaluate SpEL in a restricted, read-only context, and the
 * {@link dev.bduf.metrics.business.BusinessMetricsTracker} of typed business events
 * (projects, analyses, interactions, usage, costs, quality, effectiveness). Everything is
 * recorded through the {@link dev.bduf.metrics.MetricsCollector}.
 */
@NullMarked
package dev.bduf.metrics.business;

import org.jspecify.annotations.NullMarked;
