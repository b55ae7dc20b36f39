package dev.bduf.metrics.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingSession;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertState;
import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.StreamSettings;
import dev.bduf.metrics.stream.StreamSubscription;
import dev.bduf.metrics.stream.web.MetricStreamEndpoint;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class StreamAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MetricsCollectorAutoConfiguration.class, StreamAutoConfiguration.class));

	@Test
	void onByDefaultAndTheCollectorStreams() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(StreamHub.class);
			StreamHub hub = context.getBean(StreamHub.class);
			assertThat(hub.settings()).isEqualTo(StreamSettings.defaults());
			MetricsCollector collector = context.getBean(MetricsCollector.class);
			try (StreamingSession session = collector.startStreaming(StreamingConfig.of("orders"))) {
				assertThat(session.error()).isNull();
				assertThat(session.isOpen()).isTrue();
				assertThat(hub.subscribers()).isEqualTo(1);
				assertThat(collector.stopStreaming(session.id())).isTrue();
				assertThat(collector.stopStreaming(session.id())).isFalse();
			}
			assertThat(collector.startStreaming(StreamingConfig.of("orders").withInterval(Duration.ofSeconds(-1)))
				.error()).contains("interval must be positive");
			// the endpoint only when it is available
			assertThat(context).doesNotHaveBean(MetricStreamEndpoint.class);
		});
	}

	@Test
	void forwardsAlertEventsToEveryStream() {
		this.runner.run((context) -> {
			StreamSubscription subscription = context.getBean(StreamHub.class).open(StreamingConfig.of("x"), null);
			context.publishEvent(new AlertEvent("r", "m", Map.of(), 1, 2, AlertState.FIRING, AlertState.PENDING,
					Instant.EPOCH, "warning"));
			assertThat(subscription.poll(Duration.ZERO)).isInstanceOf(StreamingUpdate.Alert.class);
			subscription.close();
		});
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("bduf.metrics.stream.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(StreamHub.class);
			assertThat(context.getBean(MetricsCollector.class).startStreaming(StreamingConfig.of()).error())
				.contains("bduf.metrics.stream.enabled");
		});
	}

	@Test
	void propertiesConfigureTheHub() {
		this.runner
			.withPropertyValues("bduf.metrics.stream.min-interval=250ms", "bduf.metrics.stream.queue-size=5",
					"bduf.metrics.stream.max-subscribers=7", "bduf.metrics.stream.heartbeat=3s",
					"bduf.metrics.stream.replay-size=0")
			.run((context) -> assertThat(context.getBean(StreamHub.class).settings())
				.isEqualTo(new StreamSettings(Duration.ofMillis(250), 5, 7, Duration.ofSeconds(3), 0)));
	}

	@Test
	void malformedPropertiesFailStartupNamingTheProperty() {
		assertFails("bduf.metrics.stream.min-interval=0s", "bduf.metrics.stream.min-interval");
		assertFails("bduf.metrics.stream.heartbeat=-1s", "bduf.metrics.stream.heartbeat");
		assertFails("bduf.metrics.stream.queue-size=0", "bduf.metrics.stream.queue-size");
		assertFails("bduf.metrics.stream.max-subscribers=-1", "bduf.metrics.stream.max-subscribers");
		assertFails("bduf.metrics.stream.replay-size=-1", "bduf.metrics.stream.replay-size");
	}

	private void assertFails(String property, String name) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(name));
	}

	@Test
	void backsOffForTheApplicationsHub() {
		this.runner
			.withBean("myHub", StreamHub.class,
					() -> new StreamHub(new SimpleMeterRegistry(), Clock.SYSTEM, StreamSettings.defaults()))
			.run((context) -> assertThat(context).hasSingleBean(StreamHub.class).hasBean("myHub"));
	}

}
