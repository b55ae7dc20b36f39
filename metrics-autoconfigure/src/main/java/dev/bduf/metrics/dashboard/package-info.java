/**
 * The {@code dashboard} actuator endpoint: an HTML page with live and history charts,
 * alerts, business reports and the collector's health, served from the starter jar.
 */
@NullMarked
package dev.bduf.metrics.dashboard;

import org.jspecify.annotations.NullMarked;
