package dev.bduf.metrics.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.collector.SeriesRegistrar;
import dev.bduf.metrics.report.MetricMetadata;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.ReporterStatus;
import dev.bduf.metrics.storage.StorageState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code collector} endpoint: the collector's own statistics and health.
 * {@code GET /actuator/collector} gives the totals, the names with the most series and
 * what overflowed; {@code GET /actuator/collector/{name}} one name: its kind, tag keys,
 * series and a sample of the tag sets it dropped (answering 404 for a name the collector
 * does not hold). It shows the history storage's state (backend, last write, written,
 * buffered, dropped, lag, current error). With the reporters, it shows the {@link MetricMetadata} and each
 * reporter's {@link ReporterStatus}, and {@code GET /actuator/collector/report/json}
 * answers the JSON reporter's document of the latest raw step (404 before the first
 * step).
 */
@Endpoint(id = "collector")
public class CollectorEndpoint {

	private final MetricsCollector collector;

	private final @Nullable SeriesRegistrar registrar;

	private final @Nullable ReporterDispatcher reporters;

	private final Supplier<@Nullable StorageState> storage;

	public CollectorEndpoint(MetricsCollector collector) {
		this(collector, null);
	}

	/**
	 * An endpoint with the per-name view of the series layer.
	 * @param collector the collector
	 * @param registrar the series layer, or {@code null} for no per-name view
	 */
	public CollectorEndpoint(MetricsCollector collector, @Nullable SeriesRegistrar registrar) {
		this(collector, registrar, null);
	}

	/**
	 * An endpoint with the per-name view and the reporters' state.
	 * @param collector the collector
	 * @param registrar the series layer, or {@code null} for no per-name view
	 * @param reporters the reporters' dispatcher, or {@code null} without reporters
	 */
	public CollectorEndpoint(MetricsCollector collector, @Nullable SeriesRegistrar registrar,
			@Nullable ReporterDispatcher reporters) {
		this(collector, registrar, reporters, () -> null);
	}

	/**
	 * An endpoint with the per-name view, the reporters' state and the history storage's
	 * state.
	 * @param collector the collector
	 * @param registrar the series layer, or {@code null} for no per-name view
	 * @param reporters the reporters' dispatcher, or {@code null} without reporters
	 * @param storage the storage's current state, or {@code null} without history storage
	 */
	public CollectorEndpoint(MetricsCollector collector, @Nullable SeriesRegistrar registrar,
			@Nullable ReporterDispatcher reporters, Supplier<@Nullable StorageState> storage) {
		this.collector = collector;
		this.registrar = registrar;
		this.reporters = reporters;
		this.storage = storage;
	}

	/**
	 * The JSON reporter's document of the latest raw step, at
	 * {@code /actuator/collector/report/json}.
	 * @param report must be {@code report}
	 * @param format must be {@code json}
	 * @return the document, or {@code null} (404) for another path, before the first step,
	 * or without Jackson
	 */
	@ReadOperation(produces = "application/json")
	public @Nullable String report(@Selector String report, @Selector String format) {
		if (this.reporters == null || !"report".equals(report) || !"json".equals(format)) {
			return null;
		}
		return this.reporters.latestDocument();
	}

	@ReadOperation
	public CollectorStats.@Nullable NameStats name(@Selector String name) {
		return (this.registrar != null) ? this.registrar.nameStats(name) : null;
	}

	@ReadOperation
	public CollectorDescriptor collector() {
		CollectorStats stats = this.collector.getCollectorStats();
		return new CollectorDescriptor(stats.since(), this.collector.getCollectorHealth(), stats.attempted(),
				stats.recorded(), stats.rejected(), stats.rejectedByReason(), stats.overflowed(), stats.timersOpen(),
				stats.names(), stats.series(), stats.seriesPerName(), stats.overflow(),
				(this.reporters != null) ? this.reporters.metadata() : null,
				(this.reporters != null) ? this.reporters.statuses() : List.of(),
				MetricsCollectorHealthIndicator.storageState(this.storage));
	}

	/**
	 * What the endpoint returns.
	 *
	 * @param since when the collector started
	 * @param health the collector's health over its window
	 * @param attempted recordings attempted through the facade
	 * @param recorded recordings accepted
	 * @param rejected recordings rejected
	 * @param rejectedByReason recordings rejected, per reason
	 * @param overflowed recordings that went to an overflow series
	 * @param timersOpen timer handles not yet stopped or cancelled
	 * @param names distinct names
	 * @param series distinct series
	 * @param seriesPerName series per name for the names with the most series, largest first
	 * @param overflow what names over their series limit dropped
	 * @param metadata the collector version, instance, process and runtime; {@code null}
	 * without the reporters
	 * @param reporters each reporter's last success, last error, lag and drops
	 * @param storage the history storage's state (backend, last write, written, buffered,
	 * dropped, lag, current error), {@code null} without history
	 */
	public record CollectorDescriptor(Instant since, CollectorHealth health, long attempted, long recorded,
			long rejected, Map<RejectionReason, Long> rejectedByReason, long overflowed, long timersOpen, int names,
			int series, Map<String, Integer> seriesPerName,
			Map<String, CollectorStats.Overflow> overflow, @Nullable MetricMetadata metadata,
			List<ReporterStatus> reporters, @Nullable StorageState storage) implements OperationResponseBody {

	}

}
