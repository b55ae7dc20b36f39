package dev.bduf.metrics.autoconfigure;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.bduf.metrics.collector.DefaultTagsMeterFilter;
import dev.bduf.metrics.collector.InstanceId;
import dev.bduf.metrics.report.ConsoleReporter;
import dev.bduf.metrics.report.JsonReporter;
import dev.bduf.metrics.report.JsonSnapshotFormat;
import dev.bduf.metrics.report.MetricMetadata;
import dev.bduf.metrics.report.MetricsReporter;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.SnapshotDocument;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the reporters: the {@link MetricMetadata} of this process, the
 * {@link ReporterDispatcher} that hands every step snapshot to each
 * {@link MetricsReporter} bean on a thread and bounded queue of its own, and the JSON and
 * console reporters ({@code bduf.metrics.reporters.json.*},
 * {@code bduf.metrics.reporters.console.*}, both off by default). The dispatcher is a
 * history listener, so reporters need the history.
 */
@AutoConfiguration(after = { MetricsCollectorAutoConfiguration.class, HistoryAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = { "bduf.metrics.enabled", "bduf.metrics.history.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(ReportersProperties.class)
public final class ReportersAutoConfiguration {

	private static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

	@Bean
	@ConditionalOnMissingBean
	MetricMetadata bdufMetricMetadata(Environment environment, ObjectProvider<InstanceId> instanceId) {
		return MetricMetadata.current(HistoryAutoConfiguration.instanceId(environment, instanceId.getIfAvailable()));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ReporterDispatcher bdufReporterDispatcher(ReportersProperties properties, MetricMetadata metadata,
			ObjectProvider<MetricsReporter> reporters, ObjectProvider<Clock> clock, ResourceLoader resourceLoader) {
		int queueSize = properties.getQueueSize();
		if (queueSize < 1) {
			throw new InvalidConfigurationPropertyValueException("bduf.metrics.reporters.queue-size", queueSize,
					"must be at least 1");
		}
		Function<SnapshotDocument, String> writer = ClassUtils.isPresent(JACKSON, resourceLoader.getClassLoader())
				? JsonDocuments.writer() : null;
		return new ReporterDispatcher(reporters.orderedStream().toList(), queueSize,
				clock.getIfAvailable(() -> Clock.SYSTEM), metadata, writer);
	}

	/**
	 * Loaded only when Jackson is present.
	 */
	private static final class JsonDocuments {

		static Function<SnapshotDocument, String> writer() {
			return new JsonSnapshotFormat()::write;
		}

	}

	/**
	 * The JSON reporter.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = JACKSON)
	@ConditionalOnBooleanProperty("bduf.metrics.reporters.json.enabled")
	static class JsonReporterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JsonReporter bdufJsonReporter(ReportersProperties properties, MetricMetadata metadata) {
			ReportersProperties.Json json = properties.getJson();
			if (json.getFile() == null && json.getUrl() == null) {
				throw new InvalidConfigurationPropertyValueException("bduf.metrics.reporters.json.url", null,
						"the JSON reporter needs bduf.metrics.reporters.json.file or bduf.metrics.reporters.json.url");
			}
			JsonReporter.HttpTarget http = null;
			if (json.getUrl() != null) {
				try {
					http = new JsonReporter.HttpTarget(json.getUrl(), json.getTimeout(), json.getMaxAttempts(),
							json.getInitialBackoff(), json.getMaxBackoff(), json.getHeaders());
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationPropertyValueException("bduf.metrics.reporters.json", json.getUrl(),
							ex.getMessage());
				}
			}
			return new JsonReporter(new JsonSnapshotFormat(), metadata, json.getResolution(), json.getFile(), http);
		}

	}

	/**
	 * The console reporter.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bduf.metrics.reporters.console.enabled")
	static class ConsoleReporterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsoleReporter bdufConsoleReporter(ReportersProperties properties,
				ObjectProvider<DefaultTagsMeterFilter> defaultTags, Environment environment) {
			int top = properties.getConsole().getTop();
			if (top < 1) {
				throw new InvalidConfigurationPropertyValueException("bduf.metrics.reporters.console.top", top,
						"must be at least 1");
			}
			return new ConsoleReporter(properties.getConsole().getResolution(), top,
					hiddenTags(defaultTags.getIfAvailable(), environment));
		}

		/** The tags every meter carries: ours and Boot's common tags. */
		private static Set<String> hiddenTags(@Nullable DefaultTagsMeterFilter defaultTags, Environment environment) {
			Set<String> hidden = new HashSet<>();
			if (defaultTags != null) {
				hidden.addAll(defaultTags.getTags().keySet());
			}
			Binder.get(environment)
				.bind("management.metrics.tags", Bindable.mapOf(String.class, String.class))
				.map(Map::keySet)
				.ifBound(hidden::addAll);
			return hidden;
		}

	}

}
