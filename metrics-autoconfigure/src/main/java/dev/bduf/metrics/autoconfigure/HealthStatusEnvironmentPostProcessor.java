package dev.bduf.metrics.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Teaches Actuator the collector's {@code DEGRADED} health status: ordered between
 * {@code OUT_OF_SERVICE} and {@code UP}, and answered with HTTP 200. The defaults go in a
 * property source of the lowest precedence, so an application's own
 * {@code management.endpoint.health.status.*} settings always win.
 */
public class HealthStatusEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "bdufMetricsHealthStatusDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("bduf.metrics.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.endpoint.health.status.order", "DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
		defaults.put("management.endpoint.health.status.http-mapping.degraded", 200);
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

}
