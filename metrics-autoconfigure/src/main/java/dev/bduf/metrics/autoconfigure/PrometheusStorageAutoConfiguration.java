package dev.bduf.metrics.autoconfigure;

import java.net.URI;
import java.util.Map;

import dev.bduf.metrics.collector.DefaultTagsMeterFilter;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.prometheus.PrometheusMetricsStorage;
import io.micrometer.core.instrument.Clock;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the read-through {@code prometheus} storage backend
 * ({@code bduf.metrics.storage.type=prometheus}): history queries
 * ({@code MetricsCollector.getAggregatedMetrics}, the {@code timeseries} endpoint and
 * everything built on the query engine) are answered by the Prometheus-compatible server
 * at {@code bduf.metrics.storage.prometheus.url}. A user's own {@link MetricsStorage}
 * wins. Runs before the history's auto-configuration, whose query engine it feeds.
 */
@AutoConfiguration(after = MetricsCollectorAutoConfiguration.class,
		beforeName = "dev.bduf.metrics.autoconfigure.HistoryAutoConfiguration")
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "bduf.metrics.storage.type", havingValue = "prometheus")
@EnableConfigurationProperties({ PrometheusStorageProperties.class, HistoryProperties.class })
public final class PrometheusStorageAutoConfiguration {

	private static final String URL_PROPERTY = "bduf.metrics.storage.prometheus.url";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(MetricsStorage.class)
	PrometheusMetricsStorage prometheusMetricsStorage(PrometheusStorageProperties properties,
			HistoryProperties history, ObjectProvider<DefaultTagsMeterFilter> defaultTags,
			ObjectProvider<Clock> clock) {
		URI url = properties.getUrl();
		if (url == null) {
			throw new InvalidConfigurationPropertyValueException(URL_PROPERTY, null,
					"A URL is required when bduf.metrics.storage.type=prometheus, for example http://prometheus:9090");
		}
		String scheme = url.getScheme();
		if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
			throw new InvalidConfigurationPropertyValueException(URL_PROPERTY, url,
					"It must be an absolute http or https URL, for example http://prometheus:9090");
		}
		if (properties.getTimeout().isNegative() || properties.getTimeout().isZero()) {
			throw new InvalidConfigurationPropertyValueException("bduf.metrics.storage.prometheus.timeout",
					properties.getTimeout(), "It must be positive");
		}
		String service = null;
		if (properties.isSameService()) {
			DefaultTagsMeterFilter tags = defaultTags.getIfAvailable();
			service = (tags != null) ? tags.getTags().get("service") : null;
		}
		Map<String, String> headers = properties.getHeaders();
		return new PrometheusMetricsStorage(url, properties.getTimeout(), headers, service,
				HistoryAutoConfiguration.retention(history), clock.getIfAvailable(() -> Clock.SYSTEM));
	}

}
