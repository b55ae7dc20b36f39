package dev.bduf.metrics.autoconfigure;

import dev.bduf.metrics.endpoint.TimeseriesEndpoint;
import dev.bduf.metrics.query.HistoryQueryEngine;
import io.micrometer.core.instrument.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code timeseries} endpoint over the metric history that
 * {@link HistoryAutoConfiguration} sets up; present when the endpoint is available
 * (exposed and its access not turned off).
 */
@AutoConfiguration(after = HistoryAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(HistoryQueryEngine.class)
public final class HistoryEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	TimeseriesEndpoint timeseriesEndpoint(HistoryQueryEngine engine, ObjectProvider<Clock> clock) {
		return new TimeseriesEndpoint(engine, clock.getIfAvailable(() -> Clock.SYSTEM));
	}

}
