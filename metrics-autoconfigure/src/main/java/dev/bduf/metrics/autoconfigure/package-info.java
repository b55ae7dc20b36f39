/**
 * Auto-configuration and properties, nothing else.
 */
@NullMarked
package dev.bduf.metrics.autoconfigure;

import org.jspecify.annotations.NullMarked;
