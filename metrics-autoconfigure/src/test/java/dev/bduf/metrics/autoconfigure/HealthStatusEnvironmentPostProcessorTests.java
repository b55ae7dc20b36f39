package dev.bduf.metrics.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class HealthStatusEnvironmentPostProcessorTests {

	private final HealthStatusEnvironmentPostProcessor postProcessor = new HealthStatusEnvironmentPostProcessor();

	@Test
	void ordersDegradedBetweenOutOfServiceAndUpAndMapsItTo200() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order"))
			.isEqualTo("DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN");
		assertThat(environment.getProperty("management.endpoint.health.status.http-mapping.degraded"))
			.isEqualTo("200");
	}

	@Test
	void theApplicationsOwnSettingsWin() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.status.order", "DOWN,UP");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order")).isEqualTo("DOWN,UP");
	}

	@Test
	void addsNothingWhenDisabled() {
		MockEnvironment environment = new MockEnvironment().withProperty("bduf.metrics.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.status.order")).isNull();
	}

}
