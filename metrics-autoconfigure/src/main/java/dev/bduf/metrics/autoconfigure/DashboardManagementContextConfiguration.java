package dev.bduf.metrics.autoconfigure;

import dev.bduf.metrics.dashboard.DashboardEndpoint;
import dev.bduf.metrics.dashboard.DashboardHeadersFilter;
import dev.bduf.metrics.dashboard.DashboardHeadersWebFilter;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The dashboard's security headers ({@link DashboardHeadersFilter} on servlet
 * applications, {@link DashboardHeadersWebFilter} on WebFlux) in the context that serves
 * the actuator endpoints: the application's own, or the management child context when
 * {@code management.server.port} differs.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(endpoint = DashboardEndpoint.class)
public final class DashboardManagementContextConfiguration {

	private static final EndpointId DASHBOARD = EndpointId.of("dashboard");

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
	static class ServletConfiguration {

		@Bean
		FilterRegistrationBean<DashboardHeadersFilter> dashboardHeadersFilter(
				ObjectProvider<PathMappedEndpoints> endpoints, ObjectProvider<WebEndpointProperties> properties) {
			FilterRegistrationBean<DashboardHeadersFilter> registration = new FilterRegistrationBean<>(
					new DashboardHeadersFilter(path(endpoints.getIfAvailable(), properties.getIfAvailable())));
			registration.setName("bdufDashboardHeadersFilter");
			// Early, so the headers are set before anything writes the response.
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ReactiveConfiguration {

		@Bean
		DashboardHeadersWebFilter dashboardHeadersWebFilter(ObjectProvider<PathMappedEndpoints> endpoints,
				ObjectProvider<WebEndpointProperties> properties) {
			return new DashboardHeadersWebFilter(path(endpoints.getIfAvailable(), properties.getIfAvailable()));
		}

	}

	static String path(@Nullable PathMappedEndpoints endpoints, @Nullable WebEndpointProperties properties) {
		String path = (endpoints != null) ? endpoints.getPath(DASHBOARD) : null;
		if (path != null) {
			return path;
		}
		String base = (properties != null) ? properties.getBasePath() : "/actuator";
		String mapped = (properties != null) ? properties.getPathMapping().getOrDefault(DASHBOARD.toString(), "dashboard")
				: "dashboard";
		return (base.endsWith("/") ? base : base + "/") + mapped;
	}

}
