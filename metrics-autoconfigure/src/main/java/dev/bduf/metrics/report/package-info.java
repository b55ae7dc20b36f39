/**
 * Reporters: the {@link dev.bduf.metrics.report.MetricsReporter} SPI, the dispatcher that
 * hands every step snapshot to each reporter on a thread and bounded queue of its own,
 * and the JSON and console reporters. Prometheus, StatsD and OTLP wire formats come from
 * Micrometer's registries, not from here.
 */
@NullMarked
package dev.bduf.metrics.report;

import org.jspecify.annotations.NullMarked;
