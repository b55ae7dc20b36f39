package dev.bduf.metrics.autoconfigure;

import dev.bduf.metrics.dashboard.DashboardEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code dashboard} endpoint; present when the endpoint is
 * available (exposed on the web and its access not turned off). Its security headers
 * come from {@link DashboardManagementContextConfiguration}, in whichever context serves
 * the actuator endpoints.
 */
@AutoConfiguration
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
public final class DashboardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	DashboardEndpoint dashboardEndpoint() {
		return new DashboardEndpoint();
	}

}
