/**
 * Performance tracking: the {@link dev.bduf.metrics.tracking.Tracked} annotation, the
 * aspect that records it into Micrometer, and the
 * {@link dev.bduf.metrics.tracking.PerformanceTracker} for programmatic tracking,
 * sessions, in-app benchmarks, JFR profiling and the performance report.
 */
@NullMarked
package dev.bduf.metrics.tracking;

import org.jspecify.annotations.NullMarked;
