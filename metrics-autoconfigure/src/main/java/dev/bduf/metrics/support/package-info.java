/**
 * Small helpers shared by several feature packages and not part of the API: the parsing
 * of HTTP query parameters.
 */
@NullMarked
package dev.bduf.metrics.support;

import org.jspecify.annotations.NullMarked;
