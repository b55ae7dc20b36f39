package dev.bduf.metrics.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets the collector's {@code DEGRADED} health status count in the application's
 * aggregate health, only when the user opts in with
 * {@code bduf.metrics.health.include-in-aggregate=true}: it then orders {@code DEGRADED}
 * between {@code OUT_OF_SERVICE} and {@code UP} in
 * {@code management.endpoint.health.status.order}, unless the application sets that order
 * itself, and then in a property source of the lowest precedence.
 * <p>
 * By default nothing is added: Spring Boot's {@code SimpleStatusAggregator} leaves out a
 * status that is not in its order, so the aggregate stays {@code UP} while the
 * {@code metricsCollector} component reports {@code DEGRADED}. No HTTP mapping is added
 * either: Boot answers 200 for a status it has no mapping for, and a mapping of our own
 * would replace Boot's defaults (503 for {@code DOWN} and {@code OUT_OF_SERVICE}).
 */
public class HealthStatusEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "bdufMetricsHealthStatusDefaults";

	static final String INCLUDE_IN_AGGREGATE = "bduf.metrics.health.include-in-aggregate";

	static final String STATUS_ORDER = "management.endpoint.health.status.order";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("bduf.metrics.enabled", Boolean.class, true)
				|| !environment.getProperty(INCLUDE_IN_AGGREGATE, Boolean.class, false)
				|| environment.containsProperty(STATUS_ORDER)
				|| environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE_NAME,
					Map.of(STATUS_ORDER, "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN")));
	}

}
