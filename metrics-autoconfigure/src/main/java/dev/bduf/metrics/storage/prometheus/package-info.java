/**
 * The read-through {@code prometheus} storage backend: history queries are translated to
 * PromQL and answered by a Prometheus-compatible server's HTTP query API (Prometheus,
 * Thanos, Mimir, VictoriaMetrics), which scrapes the application itself.
 */
@NullMarked
package dev.bduf.metrics.storage.prometheus;

import org.jspecify.annotations.NullMarked;
