/**
 * The {@code metricstream} actuator endpoint: Server-Sent Events on Spring MVC and on
 * WebFlux, mapped beside the actuator's own endpoints (on the management port when it
 * differs) without {@code @ControllerEndpoint}.
 */
@NullMarked
package dev.bduf.metrics.stream.web;

import org.jspecify.annotations.NullMarked;
