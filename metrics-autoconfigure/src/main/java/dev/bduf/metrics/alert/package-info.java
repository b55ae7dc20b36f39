/**
 * Alerting: threshold and anomaly rules evaluated on each step snapshot, their state
 * changes as {@link dev.bduf.metrics.alert.AlertEvent}s, and the
 * {@link dev.bduf.metrics.alert.AlertNotifier} SPI.
 */
@NullMarked
package dev.bduf.metrics.alert;

import org.jspecify.annotations.NullMarked;
