package dev.bduf.metrics.autoconfigure;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.collector.CollectorHealthSampler;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.endpoint.CollectorEndpoint;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the {@link MetricsCollector}, its health component and the
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

	@Bean
	@ConditionalOnMissingBean(MeterRegistry.class)
	SimpleMeterRegistry bdufFallbackMeterRegistry() {
		logger.info("No MeterRegistry bean found (is spring-boot-starter-actuator missing?); BDUF Metrics records "
				+ "into an in-memory SimpleMeterRegistry");
		return new SimpleMeterRegistry();
	}

	@Bean
	@ConditionalOnMissingBean(MetricsCollector.class)
	DefaultMetricsCollector metricsCollector(MeterRegistry registry, ObjectProvider<Clock> clock,
			BdufMetricsProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties) {
		return new DefaultMetricsCollector(registry, settings(properties, environment, buildProperties.getIfAvailable()),
				clock.getIfAvailable(() -> Clock.SYSTEM));
	}

	@Bean
	@ConditionalOnBean(DefaultMetricsCollector.class)
	@ConditionalOnMissingBean
	CollectorHealthSampler collectorHealthSampler(DefaultMetricsCollector collector) {
		return new CollectorHealthSampler(collector);
	}

	static CollectorSettings settings(BdufMetricsProperties properties, Environment environment,
			BuildProperties buildProperties) {
		BdufMetricsProperties.Health health = properties.getHealth();
		return CollectorSettings.builder()
			.defaultTags(defaultTags(properties, environment, buildProperties))
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
			.build();
	}

	static Map<String, String> defaultTags(BdufMetricsProperties properties, Environment environment,
			BuildProperties buildProperties) {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put("service", firstText(properties.getServiceName(), environment.getProperty("spring.application.name"),
				"application"));
		tags.put("version", firstText(properties.getVersion(),
				(buildProperties != null) ? buildProperties.getVersion() : null, "unknown"));
		tags.put("environment", firstText(properties.getEnvironment(),
				String.join(",", environment.getActiveProfiles()), "default"));
		tags.put("instance", firstText(properties.getInstanceId(), hostAndPid(), "unknown"));
		return tags;
	}

	private static String firstText(String... candidates) {
		for (String candidate : candidates) {
			if (StringUtils.hasText(candidate)) {
				return candidate;
			}
		}
		return "";
	}

	private static String hostAndPid() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException | SecurityException ex) {
			host = "localhost";
		}
		return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "metricsCollectorHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("metricscollector")
		MetricsCollectorHealthIndicator metricsCollectorHealthIndicator(MetricsCollector collector) {
			return new MetricsCollectorHealthIndicator(collector);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		CollectorEndpoint collectorEndpoint(MetricsCollector collector) {
			return new CollectorEndpoint(collector);
		}

	}

}
