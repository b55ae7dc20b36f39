package dev.bduf.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code sample.*} properties bind with their defaults, and a malformed value stops
 * the application with a message that names the property.
 */
class SamplePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaults() {
		this.runner.run((context) -> {
			SampleProperties properties = context.getBean(SampleProperties.class);
			assertThat(properties.getLoad().isEnabled()).isTrue();
			assertThat(properties.getLoad().getRate()).isEqualTo(20);
			assertThat(properties.getLoad().getDuration()).isEqualTo(Duration.ofMinutes(10));
			assertThat(properties.getLoad().getSpikeAfter()).isEqualTo(Duration.ofMinutes(2));
			assertThat(properties.getFaults().getSpikeFailureRatio()).isEqualTo(0.35);
		});
	}

	@Test
	void boundValues() {
		this.runner
			.withPropertyValues("sample.load.rate=2.5", "sample.load.duration=90s", "sample.load.threads=8",
					"sample.load.spike-after=0", "sample.faults.slow-latency=1s", "sample.faults.failure-ratio=0.5")
			.run((context) -> {
				SampleProperties properties = context.getBean(SampleProperties.class);
				assertThat(properties.getLoad().getRate()).isEqualTo(2.5);
				assertThat(properties.getLoad().getDuration()).isEqualTo(Duration.ofSeconds(90));
				assertThat(properties.getLoad().getThreads()).isEqualTo(8);
				assertThat(properties.getLoad().getSpikeAfter()).as("no automatic spike").isZero();
				assertThat(properties.getFaults().getSlowLatency()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.getFaults().getFailureRatio()).isEqualTo(0.5);
			});
	}

	@Test
	void malformedValuesNameTheProperty() {
		assertFailsNaming("sample.load.rate=0", "sample.load.rate");
		assertFailsNaming("sample.load.duration=-5s", "sample.load.duration");
		assertFailsNaming("sample.load.threads=1000", "sample.load.threads");
		assertFailsNaming("sample.faults.failure-ratio=1.5", "sample.faults.failure-ratio");
		assertFailsNaming("sample.faults.spike-latency-factor=0.5", "sample.faults.spike-latency-factor");
		assertFailsNaming("sample.load.spike-after=-1s", "sample.load.spike-after");
	}

	private void assertFailsNaming(String property, String name) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith(name + " must ");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SampleProperties.class)
	static class PropertiesConfiguration {

	}

}
