package dev.bduf.metrics.autoconfigure;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.business.BusinessMetricAdvisor;
import dev.bduf.metrics.business.BusinessMetricFailures;
import dev.bduf.metrics.business.BusinessMetricsTracker;
import dev.bduf.metrics.business.BusinessReports;
import dev.bduf.metrics.business.BusinessTrackerSettings;
import dev.bduf.metrics.business.DefaultBusinessMetricsTracker;
import dev.bduf.metrics.business.endpoint.BusinessEndpoint;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of business metrics: the {@link BusinessMetricsTracker}, the
 * {@link BusinessMetricAdvisor} of {@link BusinessMetric @BusinessMetric} (an
 * infrastructure advisor that needs only Spring AOP, with or without AspectJ), the
 * {@link BusinessReports} and the {@code business} endpoint. Both record
 * through the application's {@link MetricsCollector}. A user's own tracker or advisor
 * bean replaces ours.
 */
@AutoConfiguration(after = MetricsCollectorAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = { "bduf.metrics.enabled", "bduf.metrics.business.enabled" },
		matchIfMissing = true)
@ConditionalOnBean(MetricsCollector.class)
@EnableConfigurationProperties(BusinessProperties.class)
public final class BusinessAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static BusinessMetricFailures businessMetricFailures() {
		return new BusinessMetricFailures();
	}

	@Bean
	@ConditionalOnMissingBean(BusinessMetricsTracker.class)
	DefaultBusinessMetricsTracker businessMetricsTracker(MetricsCollector collector, BusinessProperties properties,
			BusinessMetricFailures failures, ObjectProvider<Clock> clock) {
		BusinessTrackerSettings settings = new BusinessTrackerSettings(properties.getMaxTagValues(),
				properties.getActiveUserDays(), properties.getBaseCurrency());
		return new DefaultBusinessMetricsTracker(collector, settings, clock.getIfAvailable(() -> Clock.SYSTEM),
				failures);
	}

	@Bean
	@ConditionalOnMissingBean
	BusinessReports businessReports(MeterRegistry registry, MetricsCollector collector,
			BusinessMetricsTracker tracker, BusinessMetricFailures failures, BusinessProperties properties) {
		return new BusinessReports(registry, collector, tracker, failures, properties.getBaseCurrency(),
				properties.getRates());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		BusinessEndpoint businessEndpoint(BusinessReports reports) {
			return new BusinessEndpoint(reports, java.time.Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AdvisorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static BusinessMetricAdvisor businessMetricAdvisor(ObjectProvider<MetricsCollector> collector,
				BusinessMetricFailures failures, Environment environment) {
			// Spring creates advisors while it sets up its bean post-processors: a static
			// method, the order read from the environment and the collector resolved on the
			// first call, so nothing else is created that early. The infrastructure role keeps
			// the startup log quiet and lets Boot's InfrastructureAdvisorAutoProxyCreator
			// (registered when AspectJ is absent) apply the advisor too.
			int order = environment.getProperty("bduf.metrics.business.aspect-order", Integer.class,
					BusinessMetricAdvisor.DEFAULT_ORDER);
			return new BusinessMetricAdvisor(collector::getObject, failures, order);
		}

	}

}
