package dev.bduf.metrics.autoconfigure;

import java.util.Map;
import java.util.Properties;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.collector.CollectorHealthSampler;
import dev.bduf.metrics.collector.DefaultTagsMeterFilter;
import dev.bduf.metrics.collector.InstanceId;
import dev.bduf.metrics.endpoint.CollectorEndpoint;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

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
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("jobs").counter().count()).isEqualTo(1);
				// the fallback registry applies the default tags to meters registered on it directly
				assertThat(registry.counter("direct").getId().getTag("service")).isEqualTo("application");
				assertThat(registry.counter("direct").getId().getTag("instance_id")).isNotNull();
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
				assertThat(id.getTag("instance_id")).matches(".+-\\d+");
				assertThat(id.getTag("instance")).isNull();
				// every meter, not only the collector's: Boot applies the filter to the registry
				Counter direct = context.getBean(MeterRegistry.class).counter("direct");
				assertThat(direct.getId().getTags()).extracting(Tag::getKey)
					.contains("service", "version", "environment", "instance_id");
			});
	}

	@Test
	void instanceIdsDifferPerContextAndTheSlotIsReleasedOnClose() {
		String service = "autoconfig-test-" + ProcessHandle.current().pid();
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues("spring.application.name=" + service);
		String[] first = new String[1];
		runner.run((context) -> {
			first[0] = context.getBean(InstanceId.class).value();
			runner.run((other) -> assertThat(other.getBean(InstanceId.class).value()).isNotEqualTo(first[0]));
		});
		runner.run((context) -> assertThat(context.getBean(InstanceId.class).value()).isEqualTo(first[0]));
	}

	@Test
	void eachDefaultTagCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("bduf.metrics.default-tags.instance-id.enabled=false",
					"bduf.metrics.default-tags.version.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(InstanceId.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(MetricsCollector.class).increment("runs");
				for (Meter meter : new Meter[] { registry.get("runs").counter(), registry.counter("direct") }) {
					assertThat(meter.getId().getTags()).extracting(Tag::getKey)
						.contains("service", "environment")
						.doesNotContain("instance_id", "version");
				}
			});
		this.contextRunner
			.withPropertyValues("bduf.metrics.default-tags.service.enabled=false",
					"bduf.metrics.default-tags.environment.enabled=false")
			.run((context) -> assertThat(context.getBean(DefaultTagsMeterFilter.class).getTags())
				.containsOnlyKeys("version", "instance_id"));
	}

	@Test
	void bootsCommonTagsWinOverTheDefaultTags() {
		this.contextRunner
			.withPropertyValues("bduf.metrics.service-name=billing", "management.metrics.tags.service=from-boot",
					"management.metrics.tags.region=eu")
			.withUserConfiguration(EarlyFilterConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(DefaultTagsMeterFilter.class).getTags()).doesNotContainKey("service");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(MetricsCollector.class).increment("runs");
				for (Meter meter : new Meter[] { registry.get("runs").counter(), registry.counter("direct") }) {
					assertThat(meter.getId().getTag("service")).isEqualTo("from-boot");
					assertThat(meter.getId().getTag("region")).isEqualTo("eu");
					assertThat(meter.getId().getTag("instance_id")).isNotNull();
				}
			});
	}

	@Test
	void aGivenInstanceIdLocksNothing() {
		this.contextRunner.withPropertyValues("bduf.metrics.instance-id=pod-7")
			.run((context) -> assertThat(context.getBean(InstanceId.class).value()).isEqualTo("pod-7"));
	}

	@Test
	void theHealthSamplerRunsWhileTheContextRuns() {
		CollectorHealthSampler[] sampler = new CollectorHealthSampler[1];
		this.contextRunner.run((context) -> {
			sampler[0] = context.getBean(CollectorHealthSampler.class);
			assertThat(sampler[0].isRunning()).isTrue();
		});
		assertThat(sampler[0].isRunning()).isFalse();
	}

	@Test
	void noHealthSamplerWithoutTheHealthComponent() {
		this.contextRunner.withPropertyValues("management.health.metricscollector.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(MetricsCollector.class)
				.doesNotHaveBean(CollectorHealthSampler.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasSingleBean(MetricsCollector.class)
				.doesNotHaveBean(CollectorHealthSampler.class));
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
							org.assertj.core.groups.Tuple.tuple("instance_id", "pod-7"));
				assertThat(registry.get("calls").tag("user", "_overflow_").counter().count()).isEqualTo(1);
				assertThat(registry.get("calls").tag("user", "_overflow_").counter().getId().getTag("instance_id"))
					.isEqualTo("pod-7");
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

	/**
	 * A filter ordered before Boot's own, so the default tags would come first: Boot's
	 * common tags must win all the same.
	 */
	@Configuration(proxyBeanMethods = false)
	static class EarlyFilterConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		MeterFilter earlyDefaultTags(DefaultTagsMeterFilter defaultTags) {
			return new MeterFilter() {
				@Override
				public Meter.Id map(Meter.Id id) {
					return defaultTags.map(id);
				}
			};
		}

	}

}
