package dev.bduf.metrics.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.collector.CollectorHealthSampler;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.collector.DefaultTagsMeterFilter;
import dev.bduf.metrics.collector.InstanceId;
import dev.bduf.metrics.collector.SeriesRegistrar;
import dev.bduf.metrics.endpoint.CollectorEndpoint;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.StorageState;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the {@link MetricsCollector}, the default tags of every meter
 * ({@link DefaultTagsMeterFilter}), the collector's health component and the
 * {@code collector} endpoint. It runs after Spring Boot's metrics auto-configuration so
 * that the collector records into the application's own {@link MeterRegistry}; an
 * application without one (no Actuator) gets a {@link SimpleMeterRegistry}.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BdufMetricsProperties.class)
public final class MetricsCollectorAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MetricsCollectorAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bduf.metrics.default-tags.instance-id.enabled", matchIfMissing = true)
	InstanceId bdufInstanceId(BdufMetricsProperties properties, Environment environment) {
		String configured = properties.getInstanceId();
		return StringUtils.hasText(configured) ? InstanceId.of(configured)
				: InstanceId.resolve(serviceName(properties, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	DefaultTagsMeterFilter bdufDefaultTagsMeterFilter(BdufMetricsProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties, ObjectProvider<InstanceId> instanceId) {
		return new DefaultTagsMeterFilter(defaultTags(properties, environment, buildProperties.getIfAvailable(),
				instanceId.getIfAvailable()));
	}

	@Bean
	@ConditionalOnMissingBean(MeterRegistry.class)
	SimpleMeterRegistry bdufFallbackMeterRegistry(ObjectProvider<DefaultTagsMeterFilter> defaultTags) {
		logger.info("No MeterRegistry bean found (is spring-boot-starter-actuator missing?); BDUF Metrics records "
				+ "into an in-memory SimpleMeterRegistry");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// Without Actuator nothing applies MeterFilter beans: apply ours before any meter exists
		defaultTags.ifAvailable((filter) -> registry.config().meterFilter(filter));
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	SeriesRegistrar seriesRegistrar(MeterRegistry registry, ObjectProvider<Clock> clock,
			BdufMetricsProperties properties, ObjectProvider<DefaultTagsMeterFilter> defaultTags) {
		// the filter adds the default tags to every meter; the registrar only needs their
		// keys, to judge whether two tag sets of a name have the same keys
		Map<String, String> tags = defaultTags.getIfAvailable(() -> new DefaultTagsMeterFilter(Map.of())).getTags();
		SeriesRegistrar registrar = new SeriesRegistrar(registry, settings(properties, tags),
				clock.getIfAvailable(() -> Clock.SYSTEM));
		registrar.bindCollectorMeters();
		return registrar;
	}

	@Bean
	@ConditionalOnMissingBean(MetricsCollector.class)
	DefaultMetricsCollector metricsCollector(SeriesRegistrar registrar, ObjectProvider<Clock> clock) {
		return new DefaultMetricsCollector(registrar, clock.getIfAvailable(() -> Clock.SYSTEM));
	}

	static CollectorSettings settings(BdufMetricsProperties properties, Map<String, String> defaultTags) {
		BdufMetricsProperties.Health health = properties.getHealth();
		return CollectorSettings.builder()
			.defaultTags(defaultTags)
			.maxSeriesPerName(properties.getCardinality().getMaxSeriesPerName())
			.maxNames(properties.getCardinality().getMaxNames())
			.upDownCounters(properties.getUpDownCounters())
			.timerCpu(properties.getTimers().isTrackCpu())
			.timerAllocation(properties.getTimers().isTrackAllocation())
			.rejectionLogInterval(properties.getRejectionLogInterval())
			.maxRejectionRatio(health.getMaxRejectionRatio())
			.maxRegistryErrorRatio(health.getMaxRegistryErrorRatio())
			.healthWindow(health.getWindow())
			.healthMinAttempts(health.getMinAttempts())
			.consistentTagKeys(properties.getCardinality().getConsistentTagKeys())
			.build();
	}

	/**
	 * The default tags that are turned on, less the keys that
	 * {@code management.metrics.tags.*} sets (Boot's common tags win, whatever order the
	 * filters run in).
	 */
	static Map<String, String> defaultTags(BdufMetricsProperties properties, Environment environment,
			@Nullable BuildProperties buildProperties, @Nullable InstanceId instanceId) {
		BdufMetricsProperties.DefaultTags enabled = properties.getDefaultTags();
		Map<String, String> tags = new LinkedHashMap<>();
		if (enabled.getService().isEnabled()) {
			tags.put("service", serviceName(properties, environment));
		}
		if (enabled.getVersion().isEnabled()) {
			tags.put("version", firstText(properties.getVersion(),
					(buildProperties != null) ? buildProperties.getVersion() : null, "unknown"));
		}
		if (enabled.getEnvironment().isEnabled()) {
			tags.put("environment", firstText(properties.getEnvironment(),
					String.join(",", environment.getActiveProfiles()), "default"));
		}
		if (enabled.getInstanceId().isEnabled() && instanceId != null) {
			tags.put("instance_id", instanceId.value());
		}
		tags.keySet().removeAll(bootCommonTagKeys(environment));
		return tags;
	}

	private static Set<String> bootCommonTagKeys(Environment environment) {
		return Binder.get(environment)
			.bind("management.metrics.tags", Bindable.mapOf(String.class, String.class))
			.map(Map::keySet)
			.orElse(Set.of());
	}

	private static String serviceName(BdufMetricsProperties properties, Environment environment) {
		return firstText(properties.getServiceName(), environment.getProperty("spring.application.name"),
				"application");
	}

	/**
	 * The history storage's state, read when asked (the storage is configured after the
	 * collector, and may be absent).
	 */
	static Supplier<@Nullable StorageState> storageState(ObjectProvider<MetricsStorage> storage) {
		return () -> {
			MetricsStorage unique = storage.getIfUnique();
			return (unique != null) ? unique.state() : null;
		};
	}

	private static String firstText(@Nullable String... candidates) {
		for (String candidate : candidates) {
			if (StringUtils.hasText(candidate)) {
				return candidate;
			}
		}
		return "";
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "metricsCollectorHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("metricscollector")
		MetricsCollectorHealthIndicator metricsCollectorHealthIndicator(MetricsCollector collector,
				ObjectProvider<ReporterDispatcher> reporters, ObjectProvider<MetricsStorage> storage) {
			return new MetricsCollectorHealthIndicator(collector, reporters.getIfAvailable(), storageState(storage));
		}

		// A nested class is registered before the enclosing class's beans, so a condition
		// on the DefaultMetricsCollector bean would never match here: no MetricsCollector
		// of the user's is the same condition under which metricsCollector() creates one.
		@Bean
		@ConditionalOnMissingBean({ MetricsCollector.class, CollectorHealthSampler.class })
		@ConditionalOnEnabledHealthIndicator("metricscollector")
		CollectorHealthSampler collectorHealthSampler(DefaultMetricsCollector collector) {
			return new CollectorHealthSampler(collector);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		CollectorEndpoint collectorEndpoint(MetricsCollector collector, ObjectProvider<SeriesRegistrar> registrar,
				ObjectProvider<ReporterDispatcher> reporters, ObjectProvider<MetricsStorage> storage) {
			return new CollectorEndpoint(collector, registrar.getIfAvailable(), reporters.getIfAvailable(),
					storageState(storage));
		}

	}

}
