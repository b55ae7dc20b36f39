package dev.bduf.metrics.autoconfigure;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Auto-configuration of {@link Tracked @Tracked} (its {@link TrackedAdvisor}, when AspectJ
 * is on the classpath and so Spring's AspectJ auto-proxying is on), the
 * {@link PerformanceTracker}, Reactor support and the {@code performance} endpoint. A
 * user's own {@link TrackedAdvisor} or {@link TrackedAspect} bean replaces the advisor.
 */
@AutoConfiguration(after = MetricsCollectorAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
@ConditionalOnBean(SeriesRegistrar.class)
@EnableConfigurationProperties(TrackingProperties.class)
public final class TrackingAutoConfiguration {

	static final String WEAVER_CLASS = "org.aspectj.weaver.Advice";

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
	@ConditionalOnClass(name = WEAVER_CLASS)
	@ConditionalOnBooleanProperty(name = "bduf.metrics.tracking.enabled", matchIfMissing = true)
	static class AspectJConfiguration {

		@Bean
		@ConditionalOnMissingBean({ TrackedAdvisor.class, TrackedAspect.class })
		static TrackedAdvisor trackedAdvisor(ObjectProvider<MethodTracker> methodTracker, Environment environment) {
			// Spring creates ordered advisors while it sorts them: a static method, the order
			// read from the environment and the tracker resolved on the first call, so
			// nothing else is created that early.
			int order = environment.getProperty("bduf.metrics.tracking.aspect-order", Integer.class,
					TrackedAdvisor.DEFAULT_ORDER);
			return new TrackedAdvisor(methodTracker::getObject, order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(WEAVER_CLASS)
	@ConditionalOnBooleanProperty(name = "bduf.metrics.tracking.enabled", matchIfMissing = true)
	static class MissingWeaverConfiguration {

		@Bean
		static MissingWeaverReporter bdufMissingWeaverReporter(ConfigurableListableBeanFactory beanFactory) {
			return new MissingWeaverReporter(beanFactory);
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

	/**
	 * Warns once, after startup, when beans use {@code @Tracked} but AspectJ is missing,
	 * so nothing would track them.
	 */
	static final class MissingWeaverReporter implements SmartInitializingSingleton {

		private static final Log logger = LogFactory.getLog(TrackingAutoConfiguration.class);

		private final ConfigurableListableBeanFactory beanFactory;

		MissingWeaverReporter(ConfigurableListableBeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void afterSingletonsInstantiated() {
			List<String> tracked = trackedBeans();
			if (!tracked.isEmpty()) {
				logger.warn("Beans " + tracked + " use @Tracked, but AspectJ (org.aspectj:aspectjweaver) is not on "
						+ "the classpath, so their calls are not tracked: add spring-boot-starter-aspectj "
						+ "(or metrics-starter, which brings it)");
			}
		}

		List<String> trackedBeans() {
			List<String> tracked = new ArrayList<>();
			Iterator<String> names = this.beanFactory.getBeanNamesIterator();
			while (names.hasNext() && tracked.size() < 10) {
				String name = names.next();
				try {
					Class<?> type = this.beanFactory.getType(name, false);
					if (type != null && usesTracked(ClassUtils.getUserClass(type))) {
						tracked.add(name);
					}
				}
				catch (RuntimeException | LinkageError ex) {
					// A type that cannot be introspected is not reported
				}
			}
			return tracked;
		}

		private static boolean usesTracked(Class<?> type) {
			if (MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(Tracked.class)) {
				return true;
			}
			boolean[] found = new boolean[1];
			ReflectionUtils.doWithMethods(type, (method) -> found[0] = true,
					(method) -> !found[0] && MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)
						.isPresent(Tracked.class));
			return found[0];
		}

	}

}
