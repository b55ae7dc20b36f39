/**
 * The {@code memory} storage backend: ring buffers per series and resolution.
 */
@NullMarked
package dev.bduf.metrics.storage.memory;

import org.jspecify.annotations.NullMarked;
