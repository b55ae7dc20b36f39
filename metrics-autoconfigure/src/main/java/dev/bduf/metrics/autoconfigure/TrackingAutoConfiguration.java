package dev.bduf.metrics.autoconfigure;

import dev.bduf.metrics.collector.SeriesRegistrar;
import dev.bduf.metrics.endpoint.PerformanceEndpoint;
import dev.bduf.metrics.tracking.DefaultPerformanceTracker;
import dev.bduf.metrics.tracking.MethodTracker;
import dev.bduf.metrics.tracking.PerformanceTracker;
import dev.bduf.metrics.tracking.ProfilingSettings;
import dev.bduf.metrics.tracking.ReactorTrackingExtension;
import dev.bduf.metrics.tracking.Tracked;
import dev.bduf.metrics.tracking.TrackedAdvisor;
import dev.bduf.metrics.tracking.TrackedAspect;
import dev.bduf.metrics.tracking.TrackedTagsProvider;
import dev.bduf.metrics.tracking.TrackingExtension;
import dev.bduf.metrics.tracking.TrackingSettings;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of {@link Tracked @Tracked} (its {@link TrackedAdvisor}), the
 * {@link PerformanceTracker}, Reactor support and the {@code performance} endpoint. A
 * user's own {@link TrackedAdvisor} or {@link TrackedAspect} bean replaces the advisor.
 * <p>
 * The advisor needs only Spring AOP: it is an infrastructure bean, so Spring Boot's
 * auto-proxying applies it with AspectJ on the classpath
 * ({@code AnnotationAwareAspectJAutoProxyCreator}) and without
 * ({@code InfrastructureAdvisorAutoProxyCreator}).
 */
@AutoConfiguration(after = MetricsCollectorAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
@ConditionalOnBean(SeriesRegistrar.class)
@EnableConfigurationProperties(TrackingProperties.class)
public final class TrackingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MethodTracker methodTracker(SeriesRegistrar registrar, TrackingProperties properties,
			ApplicationEventPublisher publisher, ObjectProvider<TrackingExtension> extensions,
			ObjectProvider<TrackedTagsProvider> tagsProvider, ObjectProvider<TrackedAdvisor> advisor) {
		TrackingSettings settings = new TrackingSettings(properties.getSlowCallLogInterval(),
				properties.isLogArguments(), properties.getMaxArgumentTagValues(), properties.isPercentileHistogram());
		MethodTracker tracker = new MethodTracker(registrar, settings, publisher, extensions.orderedStream().toList(),
				tagsProvider.getIfAvailable());
		advisor.ifAvailable((trackedAdvisor) -> tracker.setCandidates(trackedAdvisor::drainCandidates));
		return tracker;
	}

	@Bean
	@ConditionalOnMissingBean(PerformanceTracker.class)
	DefaultPerformanceTracker performanceTracker(MethodTracker methodTracker, TrackingProperties properties) {
		TrackingProperties.Profiling profiling = properties.getProfiling();
		return new DefaultPerformanceTracker(methodTracker, new ProfilingSettings(profiling.isEnabled(),
				profiling.getDirectory(), profiling.getMaxDuration(), profiling.getMaxSize(), profiling.getMaxFiles()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bduf.metrics.tracking.enabled", matchIfMissing = true)
	static class AdvisorConfiguration {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean({ TrackedAdvisor.class, TrackedAspect.class })
		static TrackedAdvisor trackedAdvisor(ObjectProvider<MethodTracker> methodTracker, Environment environment) {
			// Spring creates advisors while it sets up its bean post-processors: a static
			// method, the order read from the environment and the tracker resolved on the
			// first call, so nothing else is created that early. The infrastructure role
			// keeps the startup log quiet and lets Boot's InfrastructureAdvisorAutoProxyCreator
			// (registered when AspectJ is absent) apply the advisor too.
			int order = environment.getProperty("bduf.metrics.tracking.aspect-order", Integer.class,
					TrackedAdvisor.DEFAULT_ORDER);
			return new TrackedAdvisor(methodTracker::getObject, order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.core.publisher.Mono")
	static class ReactorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReactorTrackingExtension reactorTrackingExtension() {
			return new ReactorTrackingExtension();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		PerformanceEndpoint performanceEndpoint(PerformanceTracker performanceTracker) {
			return new PerformanceEndpoint(performanceTracker);
		}

	}

}
