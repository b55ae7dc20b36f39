/**
 * The {@code business} actuator endpoint.
 */
@NullMarked
package dev.bduf.metrics.business.endpoint;

import org.jspecify.annotations.NullMarked;
