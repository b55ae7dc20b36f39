/**
 * Actuator endpoints and the health indicator.
 */
@NullMarked
package dev.bduf.metrics.endpoint;

import org.jspecify.annotations.NullMarked;
