package dev.bduf.metrics.endpoint;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.MetricsCollector;

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
 * application out of its load balancer.
 */
public class MetricsCollectorHealthIndicator implements HealthIndicator {

	/**
	 * Recording, but losing a share of the recordings.
	 */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Metrics are being recorded, but some are lost; see the reasons");

	private final MetricsCollector collector;

	public MetricsCollectorHealthIndicator(MetricsCollector collector) {
		this.collector = collector;
	}

	@Override
	public Health health() {
		CollectorHealth health = this.collector.getCollectorHealth();
		Health.Builder builder = (health.status() == CollectorHealth.Status.UP) ? Health.up()
				: Health.status(DEGRADED).withDetail("reasons", health.reasons());
		return builder.withDetail("attempts", health.attempts())
			.withDetail("rejectionRatio", health.rejectionRatio())
			.withDetail("registryErrorRatio", health.registryErrorRatio())
			.build();
	}

}
