/**
 * Live streams: the {@link dev.bduf.metrics.stream.StreamHub} that snapshots the
 * registry while anyone listens and feeds each subscriber's bounded queue, and the JSON
 * of its Server-Sent Events.
 */
@NullMarked
package dev.bduf.metrics.stream;

import org.jspecify.annotations.NullMarked;
