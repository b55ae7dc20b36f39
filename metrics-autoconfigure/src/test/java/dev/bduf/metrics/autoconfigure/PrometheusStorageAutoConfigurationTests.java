package dev.bduf.metrics.autoconfigure;

import java.util.Map;

import dev.bduf.metrics.collector.DefaultTagsMeterFilter;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import dev.bduf.metrics.storage.prometheus.PrometheusMetricsStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusStorageAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrometheusStorageAutoConfiguration.class,
				HistoryAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void offUnlessTheStorageTypeIsPrometheus() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(PrometheusMetricsStorage.class)
			.hasSingleBean(MemoryMetricsStorage.class));
	}

	@Test
	void theQueryEngineReadsThroughPrometheus() {
		this.runner
			.withPropertyValues("bduf.metrics.storage.type=prometheus",
					"bduf.metrics.storage.prometheus.url=http://127.0.0.1:9/", "bduf.metrics.storage.prometheus.timeout=1s",
					"bduf.metrics.storage.prometheus.headers.X-Scope-OrgID=shop")
			.withBean(DefaultTagsMeterFilter.class, () -> new DefaultTagsMeterFilter(Map.of("service", "shop")))
			.run((context) -> {
				assertThat(context).hasSingleBean(PrometheusMetricsStorage.class)
					.doesNotHaveBean(MemoryMetricsStorage.class)
					.hasSingleBean(HistoryQueryEngine.class);
				assertThat(context.getBean(PrometheusStorageProperties.class).getHeaders())
					.containsEntry("X-Scope-OrgID", "shop");
				assertThat(context.getBean(MetricsStorage.class).backend()).isEqualTo("prometheus");
			});
	}

	@Test
	void aMissingUrlFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("bduf.metrics.storage.type=prometheus")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bduf.metrics.storage.prometheus.url"));
	}

	@Test
	void aUrlThatIsNotHttpFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("bduf.metrics.storage.type=prometheus", "bduf.metrics.storage.prometheus.url=prometheus:9090")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bduf.metrics.storage.prometheus.url"));
		this.runner
			.withPropertyValues("bduf.metrics.storage.type=prometheus",
					"bduf.metrics.storage.prometheus.url=http://p:9090", "bduf.metrics.storage.prometheus.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bduf.metrics.storage.prometheus.timeout"));
	}

	@Test
	void sameServiceCanBeTurnedOff() {
		this.runner
			.withPropertyValues("bduf.metrics.storage.type=prometheus", "bduf.metrics.storage.prometheus.url=https://p",
					"bduf.metrics.storage.prometheus.same-service=false")
			.run((context) -> assertThat(context).hasSingleBean(PrometheusMetricsStorage.class));
	}

	@Test
	void absentWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withPropertyValues("bduf.metrics.storage.type=prometheus", "bduf.metrics.storage.prometheus.url=http://p")
			.run((context) -> assertThat(context).doesNotHaveBean(PrometheusMetricsStorage.class));
	}

	@Test
	void backsOffForTheUsersStorage() {
		this.runner.withUserConfiguration(UserStorage.class)
			.withPropertyValues("bduf.metrics.storage.type=prometheus", "bduf.metrics.storage.prometheus.url=http://p")
			.run((context) -> assertThat(context).doesNotHaveBean(PrometheusMetricsStorage.class)
				.hasSingleBean(MetricsStorage.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStorage {

		@Bean
		MetricsStorage userStorage() {
			return new MemoryMetricsStorage(new dev.bduf.metrics.history.Retention(java.time.Duration.ofHours(1),
					java.time.Duration.ofHours(1), java.time.Duration.ofHours(1)), java.time.Duration.ofSeconds(10),
					io.micrometer.core.instrument.Clock.SYSTEM);
		}

	}

}
