package dev.bduf.metrics.autoconfigure;

import java.util.Map;
import java.util.Properties;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.collector.CollectorHealthSampler;
import dev.bduf.metrics.endpoint.CollectorEndpoint;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class MetricsCollectorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, MetricsCollectorAutoConfiguration.class));

	@Test
	void createsCollectorHealthIndicatorAndEndpointByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=collector")
			.run((context) -> {
				assertThat(context).hasSingleBean(MetricsCollector.class)
					.hasSingleBean(MetricsCollectorHealthIndicator.class)
					.hasSingleBean(CollectorEndpoint.class)
					.hasSingleBean(CollectorHealthSampler.class)
					.hasSingleBean(MeterRegistry.class)
					.doesNotHaveBean("bdufFallbackMeterRegistry");
				MetricsCollector collector = context.getBean(MetricsCollector.class);
				collector.increment("orders.placed", 2, Map.of("region", "eu"));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("orders.placed").tag("region", "eu").counter().count()).isEqualTo(2);
			});
	}

	@Test
	void recordsIntoTheApplicationsRegistryNotAFallback() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MeterRegistry.class).doesNotHaveBean("bdufFallbackMeterRegistry");
		});
	}

	@Test
	void turnedOffByProperty() {
		this.contextRunner.withPropertyValues("bduf.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MetricsCollector.class)
				.doesNotHaveBean(MetricsCollectorHealthIndicator.class)
				.doesNotHaveBean(CollectorEndpoint.class));
	}

	@Test
	void backsOffToTheUsersCollector() {
		this.contextRunner.withUserConfiguration(UserCollectorConfiguration.class)
			.run((context) -> {
				assertThat(context).getBean(MetricsCollector.class)
					.isSameAs(context.getBean(UserCollectorConfiguration.class).collector);
				assertThat(context).doesNotHaveBean(CollectorHealthSampler.class);
			});
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.metricscollector.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(MetricsCollector.class)
				.doesNotHaveBean(MetricsCollectorHealthIndicator.class));
	}

	@Test
	void worksWithoutActuator() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MetricsCollectorAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(MetricsCollector.class)
					.hasBean("bdufFallbackMeterRegistry")
					.doesNotHaveBean(CollectorEndpoint.class)
					.doesNotHaveBean(MetricsCollectorHealthIndicator.class);
				context.getBean(MetricsCollector.class).increment("jobs");
				assertThat(context.getBean(MeterRegistry.class).get("jobs").counter().count()).isEqualTo(1);
			});
	}

	@Test
	void defaultTagsComeFromTheApplication() {
		Properties build = new Properties();
		build.setProperty("version", "1.4.2");
		this.contextRunner.withPropertyValues("spring.application.name=orchestrator", "spring.profiles.active=prod")
			.withBean(BuildProperties.class, () -> new BuildProperties(build))
			.run((context) -> {
				context.getBean(MetricsCollector.class).increment("runs");
				var id = context.getBean(MeterRegistry.class).get("runs").counter().getId();
				assertThat(id.getTag("service")).isEqualTo("orchestrator");
				assertThat(id.getTag("version")).isEqualTo("1.4.2");
				assertThat(id.getTag("environment")).isEqualTo("prod");
				assertThat(id.getTag("instance")).matches(".+:\\d+");
			});
	}

	@Test
	void defaultTagsCanBeSetAndLimitsTuned() {
		this.contextRunner
			.withPropertyValues("bduf.metrics.service-name=billing", "bduf.metrics.version=2",
					"bduf.metrics.environment=staging", "bduf.metrics.instance-id=pod-7",
					"bduf.metrics.cardinality.max-series-per-name=1", "bduf.metrics.up-down-counters=queue.*")
			.run((context) -> {
				MetricsCollector collector = context.getBean(MetricsCollector.class);
				collector.increment("queue.depth", 3);
				collector.decrement("queue.depth", 1);
				collector.increment("calls", 1, Map.of("user", "a"));
				collector.increment("calls", 1, Map.of("user", "b"));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				var gauge = registry.get("queue.depth").gauge();
				assertThat(gauge.value()).isEqualTo(2);
				assertThat(gauge.getId().getTags()).extracting("key", "value")
					.contains(org.assertj.core.groups.Tuple.tuple("service", "billing"),
							org.assertj.core.groups.Tuple.tuple("version", "2"),
							org.assertj.core.groups.Tuple.tuple("environment", "staging"),
							org.assertj.core.groups.Tuple.tuple("instance", "pod-7"));
				assertThat(registry.get("calls").tag("overflow", "true").counter().count()).isEqualTo(1);
			});
	}

	@Test
	void anImpossibleLimitFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("bduf.metrics.cardinality.max-series-per-name=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("(bduf.metrics.cardinality.max-series-per-name) must be at least 1, was 0"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCollectorConfiguration {

		final MetricsCollector collector = mock(MetricsCollector.class);

		@Bean
		MetricsCollector myCollector() {
			return this.collector;
		}

	}

}
