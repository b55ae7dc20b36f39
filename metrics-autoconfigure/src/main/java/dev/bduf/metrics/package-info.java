/**
 * The API a user types: {@link dev.bduf.metrics.MetricsCollector} and the values it takes
 * and returns.
 */
@NullMarked
package dev.bduf.metrics;

import org.jspecify.annotations.NullMarked;
