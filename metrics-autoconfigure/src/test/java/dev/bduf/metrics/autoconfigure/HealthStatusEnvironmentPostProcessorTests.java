package dev.bduf.metrics.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class HealthStatusEnvironmentPostProcessorTests {

	private final HealthStatusEnvironmentPostProcessor postProcessor = new HealthStatusEnvironmentPostProcessor();

	@Test
	void byDefaultAddsNothingSoTheAggregateIgnoresDegraded() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(HealthStatusEnvironmentPostProcessor.SOURCE_NAME))
			.isFalse();
		assertThat(environment.getProperty("management.endpoint.health.status.order")).isNull();
	}

	@Test
	void whenIncludedOrdersDegradedBetweenOutOfServiceAndUpAndMapsNoHttpCode() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("bduf.metrics.health.include-in-aggregate", "true");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order"))
			.isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
		// a mapping of ours would replace Boot's defaults (DOWN and OUT_OF_SERVICE to 503)
		assertThat(environment.getProperty("management.endpoint.health.status.http-mapping.degraded")).isNull();
		assertThat(environment.getPropertySources().stream()
			.filter((source) -> source.getName().equals(HealthStatusEnvironmentPostProcessor.SOURCE_NAME)))
			.hasSize(1);
	}

	@Test
	void theApplicationsOwnOrderWins() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("bduf.metrics.health.include-in-aggregate", "true")
			.withProperty("management.endpoint.health.status.order", "DOWN,UP");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order")).isEqualTo("DOWN,UP");
	}

	@Test
	void addsNothingWhenDisabled() {
		MockEnvironment environment = new MockEnvironment().withProperty("bduf.metrics.enabled", "false")
			.withProperty("bduf.metrics.health.include-in-aggregate", "true");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order")).isNull();
	}

}
