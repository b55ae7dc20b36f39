package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.ReporterStatus;
import dev.bduf.metrics.storage.StorageState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code metricsCollector} health component. It reports {@code UP}, or
 * {@link #DEGRADED} with the reasons when the collector loses a share of its recordings.
 * {@code DEGRADED} answers HTTP 200 (Spring Boot's code for a status it has no mapping
 * for), is left out of the application's aggregate status unless
 * {@code bduf.metrics.health.include-in-aggregate} is set, and the component is in neither
 * the liveness nor the readiness group, so trouble with metrics never takes the
 * application out of its load balancer. With reporters, the {@code reporters} detail
 * holds each reporter's last success, last error, lag and drops (a failing reporter does
 * not change the status). The component is also {@link #DEGRADED}, with a reason, while
 * the history's storage is failing (Redis unreachable, a directory that cannot be
 * written: snapshots then wait in the storage's buffer or are dropped), and {@code UP}
 * again once it recovers; never {@code DOWN}. The {@code storage} detail shows the
 * storage's state: backend, last write, written, buffered, dropped, lag and the current
 * error.
 */
public class MetricsCollectorHealthIndicator implements HealthIndicator {

	/**
	 * Recording, but losing a share of the recordings.
	 */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Metrics are being recorded, but some are lost; see the reasons");

	private final MetricsCollector collector;

	private final @Nullable ReporterDispatcher reporters;

	private final Supplier<@Nullable StorageState> storage;

	/**
	 * A health component of the collector alone.
	 * @param collector the collector
	 */
	public MetricsCollectorHealthIndicator(MetricsCollector collector) {
		this(collector, null);
	}

	/**
	 * A health indicator that also shows the reporters' state.
	 * @param collector the collector
	 * @param reporters the reporters' dispatcher, or {@code null} without reporters
	 */
	public MetricsCollectorHealthIndicator(MetricsCollector collector, @Nullable ReporterDispatcher reporters) {
		this(collector, reporters, () -> null);
	}

	/**
	 * A health component of the collector, the reporters and the history's storage.
	 * @param collector the collector
	 * @param reporters the reporters' dispatcher, or {@code null} without reporters
	 * @param storage the storage's current state, or {@code null} when there is no
	 * history storage
	 */
	public MetricsCollectorHealthIndicator(MetricsCollector collector, @Nullable ReporterDispatcher reporters,
			Supplier<@Nullable StorageState> storage) {
		this.collector = collector;
		this.reporters = reporters;
		this.storage = storage;
	}

	@Override
	public Health health() {
		CollectorHealth health = this.collector.getCollectorHealth();
		List<String> reasons = new ArrayList<>(health.reasons());
		StorageState state = storageState(this.storage);
		if (state != null && state.failing()) {
			reasons.add("History storage '" + state.backend() + "' is failing (" + state.lastError() + "): "
					+ state.buffered() + " snapshot(s) buffered, " + state.dropped() + " dropped since start");
		}
		Health.Builder builder = reasons.isEmpty() ? Health.up()
				: Health.status(DEGRADED).withDetail("reasons", reasons);
		builder.withDetail("attempts", health.attempts())
			.withDetail("rejectionRatio", health.rejectionRatio())
			.withDetail("registryErrorRatio", health.registryErrorRatio());
		if (this.reporters != null) {
			Map<String, ReporterStatus> reporters = new LinkedHashMap<>();
			this.reporters.statuses().forEach((status) -> reporters.put(status.name(), status));
			builder.withDetail("reporters", reporters);
		}
		if (state != null) {
			builder.withDetail("storage", describe(state));
		}
		return builder.build();
	}
	static @Nullable StorageState storageState(Supplier<@Nullable StorageState> storage) {
		try {
			return storage.get();
		}
		catch (RuntimeException ex) {
			return new StorageState("unknown", null, 0, 0, 0, Duration.ZERO,
					"the storage's state could not be read: " + ex);
		}
	}

	private static Map<String, Object> describe(StorageState state) {
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("backend", state.backend());
		if (state.lastWrite() != null) {
			storage.put("lastWrite", state.lastWrite().toString());
		}
		storage.put("written", state.written());
		storage.put("buffered", state.buffered());
		storage.put("dropped", state.dropped());
		storage.put("lag", state.lag().toString());
		if (state.lastError() != null) {
			storage.put("lastError", state.lastError());
		}
		return storage;
	}

}
