package dev.bduf.metrics.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.ReporterStatus;
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
 * not change the status).
 */
public class MetricsCollectorHealthIndicator implements HealthIndicator {

	/**
	 * Recording, but losing a share of the recordings.
	 */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Metrics are being recorded, but some are lost; see the reasons");

	private final MetricsCollector collector;

	private final @Nullable ReporterDispatcher reporters;

	public MetricsCollectorHealthIndicator(MetricsCollector collector) {
		this(collector, null);
	}

	/**
	 * A health indicator that also shows the reporters' state.
	 * @param collector the collector
	 * @param reporters the reporters' dispatcher, or {@code null} without reporters
	 */
	public MetricsCollectorHealthIndicator(MetricsCollector collector, @Nullable ReporterDispatcher reporters) {
		this.collector = collector;
		this.reporters = reporters;
	}

	@Override
	public Health health() {
		CollectorHealth health = this.collector.getCollectorHealth();
		Health.Builder builder = (health.status() == CollectorHealth.Status.UP) ? Health.up()
				: Health.status(DEGRADED).withDetail("reasons", health.reasons());
		builder.withDetail("attempts", health.attempts())
			.withDetail("rejectionRatio", health.rejectionRatio())
			.withDetail("registryErrorRatio", health.registryErrorRatio());
		if (this.reporters != null) {
			Map<String, ReporterStatus> reporters = new LinkedHashMap<>();
			this.reporters.statuses().forEach((status) -> reporters.put(status.name(), status));
			builder.withDetail("reporters", reporters);
		}
		return builder.build();
	}

}
