/**
 * The storage SPI of the metric history, {@link dev.bduf.metrics.storage.MetricsStorage},
 * the binary {@link dev.bduf.metrics.storage.SnapshotCodec} that persistent backends
 * share, and the backends themselves.
 */
@NullMarked
package dev.bduf.metrics.storage;

import org.jspecify.annotations.NullMarked;
