package dev.bduf.metrics.autoconfigure;

import java.time.Duration;

import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.StreamSettings;
import dev.bduf.metrics.stream.web.MetricStreamEndpoint;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of live streams: the {@link StreamHub} behind
 * {@code MetricsCollector.startStreaming}, which also receives every {@link AlertEvent}
 * published as an application event, and the {@code metricstream} endpoint (its SSE
 * mappings are in {@link StreamManagementContextConfiguration}).
 */
@AutoConfiguration(after = MetricsCollectorAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = { "bduf.metrics.enabled", "bduf.metrics.stream.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(StreamProperties.class)
public final class StreamAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	StreamHub streamHub(MeterRegistry registry, ObjectProvider<Clock> clock, StreamProperties properties,
			ObjectProvider<DefaultMetricsCollector> collector) {
		StreamHub hub = new StreamHub(registry, clock.getIfAvailable(() -> Clock.SYSTEM), settings(properties));
		collector.ifAvailable((defaultCollector) -> defaultCollector.setStreaming(hub::start, hub::stop));
		return hub;
	}

	@Bean
	@ConditionalOnBean(StreamHub.class)
	static ApplicationListener<PayloadApplicationEvent<AlertEvent>> streamAlertForwarder(ObjectProvider<StreamHub> hub) {
		return ApplicationListener.forPayload((event) -> hub.ifAvailable((streamHub) -> streamHub.publishAlert(event)));
	}

	static StreamSettings settings(StreamProperties properties) {
		positive("bduf.metrics.stream.min-interval", properties.getMinInterval());
		positive("bduf.metrics.stream.heartbeat", properties.getHeartbeat());
		if (properties.getQueueSize() < 1) {
			throw new InvalidConfigurationPropertyValueException("bduf.metrics.stream.queue-size",
					properties.getQueueSize(), "It must be at least 1");
		}
		if (properties.getMaxSubscribers() < 0) {
			throw new InvalidConfigurationPropertyValueException("bduf.metrics.stream.max-subscribers",
					properties.getMaxSubscribers(), "It must not be negative");
		}
		if (properties.getReplaySize() < 0) {
			throw new InvalidConfigurationPropertyValueException("bduf.metrics.stream.replay-size",
					properties.getReplaySize(), "It must not be negative");
		}
		return new StreamSettings(properties.getMinInterval(), properties.getQueueSize(),
				properties.getMaxSubscribers(), properties.getHeartbeat(), properties.getReplaySize());
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "It must be a positive duration");
		}
	}

	/**
	 * The {@code metricstream} endpoint, when actuator is present and the endpoint is
	 * available (exposed, access not turned off).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		// a nested class is registered before the enclosing class's beans: condition on
		// what the hub needs rather than on the hub
		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		MetricStreamEndpoint metricStreamEndpoint(StreamHub hub) {
			return new MetricStreamEndpoint(hub);
		}

	}

}
