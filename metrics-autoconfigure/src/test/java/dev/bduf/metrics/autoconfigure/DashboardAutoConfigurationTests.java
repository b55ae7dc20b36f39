package dev.bduf.metrics.autoconfigure;


import dev.bduf.metrics.dashboard.DashboardEndpoint;
import dev.bduf.metrics.dashboard.DashboardHeadersFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * {@link DashboardAutoConfiguration} and {@link DashboardManagementContextConfiguration}.
 */
class DashboardAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DashboardAutoConfiguration.class));

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				DashboardAutoConfiguration.class))
		.withUserConfiguration(DashboardManagementContextConfiguration.class);

	@Test
	void notAvailableUnlessExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(DashboardEndpoint.class));
	}

	@Test
	void availableWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=dashboard")
			.run((context) -> assertThat(context).hasSingleBean(DashboardEndpoint.class));
	}

	@Test
	void offWhenMetricsAreOff() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=dashboard", "bduf.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardEndpoint.class));
	}

	@Test
	void offWhenItsAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=dashboard",
					"management.endpoint.dashboard.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardEndpoint.class));
	}

	@Test
	void backsOffForTheUsersEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=dashboard")
			.withUserConfiguration(UserEndpoint.class)
			.run((context) -> assertThat(context).hasSingleBean(DashboardEndpoint.class)
				.hasBean("userDashboard"));
	}

	@Test
	void withoutActuatorThereIsNoDashboard() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=dashboard")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.endpoint"))
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardEndpoint.class));
	}

	@Test
	void headersFilterOnTheDashboardsMappedPath() {
		this.web
			.withPropertyValues("management.endpoints.web.exposure.include=dashboard",
					"management.endpoints.web.base-path=/manage",
					"management.endpoints.web.path-mapping.dashboard=board")
			.run((context) -> {
				assertThat(context).hasSingleBean(FilterRegistrationBean.class);
				FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isInstanceOf(DashboardHeadersFilter.class);
				assertThat(registration.getFilter()).hasFieldOrPropertyWithValue("path", "/manage/board");
			});
	}

	@Test
	void noHeadersFilterUnlessTheDashboardIsExposed() {
		this.web.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void pathFallsBackToThePropertiesAndThenTheDefault() {
		WebEndpointProperties properties = new WebEndpointProperties();
		properties.setBasePath("/admin/");
		properties.getPathMapping().put("dashboard", "ui");
		PathMappedEndpoints none = mock(PathMappedEndpoints.class);
		given(none.getPath(EndpointId.of("dashboard"))).willReturn(null);
		assertThat(DashboardManagementContextConfiguration.path(none, properties)).isEqualTo("/admin/ui");
		assertThat(DashboardManagementContextConfiguration.path(null, null)).isEqualTo("/actuator/dashboard");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpoint {

		@Bean
		DashboardEndpoint userDashboard() {
			return new DashboardEndpoint();
		}

	}

}
