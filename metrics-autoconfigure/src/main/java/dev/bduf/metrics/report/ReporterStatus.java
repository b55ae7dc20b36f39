package dev.bduf.metrics.report;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of one {@link MetricsReporter}, as the {@code collector} endpoint and the
 * {@code metricsCollector} health component show it.
 *
 * @param name the reporter's name
 * @param reported snapshots reported
 * @param failed snapshots whose report threw
 * @param dropped snapshots dropped, oldest first, because the reporter's queue was full
 * @param queued snapshots waiting in its queue
 * @param lastSuccess when a report last succeeded, {@code null} if none has
 * @param lastError when a report last failed, {@code null} if none has
 * @param lastErrorMessage the last failure (exception class and message), {@code null}
 * if none
 * @param lag how far behind the reporter is: the time since the end of the oldest
 * snapshot it has not finished reporting, zero when it is idle
 */
public record ReporterStatus(String name, long reported, long failed, long dropped, int queued,
		@Nullable Instant lastSuccess, @Nullable Instant lastError, @Nullable String lastErrorMessage,
		Duration lag) {

}
