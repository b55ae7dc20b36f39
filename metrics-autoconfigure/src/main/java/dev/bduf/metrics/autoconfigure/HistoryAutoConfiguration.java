package dev.bduf.metrics.autoconfigure;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.collector.InstanceId;
import dev.bduf.metrics.history.HistoryHistogramFilter;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SnapshotListener;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the metric history: the {@link HistoryRecorder} that snapshots
 * every meter each step, the storage ({@code memory} unless the application defines a
 * {@link MetricsStorage} or another type), the {@link HistoryQueryEngine} behind
 * {@code MetricsCollector.getAggregatedMetrics}, the bucket filter the percentiles come
 * from. Every {@link SnapshotListener} bean receives each snapshot after the storage. The
 * {@code timeseries} endpoint is in {@link HistoryEndpointAutoConfiguration}.
 */
@AutoConfiguration(after = MetricsCollectorAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = { "bduf.metrics.enabled", "bduf.metrics.history.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties({ HistoryProperties.class, StorageProperties.class, QueryProperties.class })
public final class HistoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bduf.metrics.history.percentile-histograms")
	static HistoryHistogramFilter historyHistogramFilter() {
		return new HistoryHistogramFilter();
	}

	@Bean
	@ConditionalOnBean({ MeterRegistry.class, MetricsStorage.class })
	@ConditionalOnMissingBean
	HistoryRecorder historyRecorder(MeterRegistry registry, MetricsStorage storage, ObjectProvider<Clock> clock,
			HistoryProperties properties, Environment environment, ObjectProvider<InstanceId> instanceId,
			ObjectProvider<SnapshotListener> listeners) {
		List<Consumer<StepSnapshot>> sinks = new ArrayList<>();
		sinks.add(storage::write);
		listeners.orderedStream().forEach((listener) -> sinks.add(listener::onSnapshot));
		return new HistoryRecorder(registry, clock.getIfAvailable(() -> Clock.SYSTEM), properties.getStep(),
				instanceId(environment, instanceId.getIfAvailable()), properties.getRelativeAccuracy(), sinks);
	}

	static Retention retention(HistoryProperties properties) {
		HistoryProperties.Retention retention = properties.getRetention();
		return new Retention(retention.getRaw(), retention.getMinute(), retention.getTenMinutes());
	}

	/**
	 * The instance id: {@code bduf.metrics.instance-id}, else the stable per-host id of
	 * the {@code instance_id} default tag, else the host name and process id (read from
	 * the environment: no name lookup, which can block where DNS is broken).
	 */
	static String instanceId(Environment environment, @Nullable InstanceId instanceId) {
		String configured = environment.getProperty("bduf.metrics.instance-id");
		if (StringUtils.hasText(configured)) {
			return configured;
		}
		if (instanceId != null) {
			return instanceId.value();
		}
		return InstanceId.hostName() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
	}

	/**
	 * The storage and the query engine.
	 */
	@Configuration(proxyBeanMethods = false)
	static class StorageConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(MetricsStorage.class)
		@ConditionalOnProperty(name = "bduf.metrics.storage.type", havingValue = "memory", matchIfMissing = true)
		MemoryMetricsStorage memoryMetricsStorage(HistoryProperties properties, ObjectProvider<Clock> clock) {
			return new MemoryMetricsStorage(retention(properties), properties.getStep(),
					clock.getIfAvailable(() -> Clock.SYSTEM));
		}

		@Bean
		@ConditionalOnBean(MetricsStorage.class)
		@ConditionalOnMissingBean
		HistoryQueryEngine historyQueryEngine(MetricsStorage storage, ObjectProvider<Clock> clock,
				HistoryProperties history, QueryProperties query, Environment environment,
				ObjectProvider<DefaultMetricsCollector> collector, ObjectProvider<InstanceId> instanceId) {
			HistoryQueryEngine engine = new HistoryQueryEngine(storage, clock.getIfAvailable(() -> Clock.SYSTEM),
					history.getStep(), instanceId(environment, instanceId.getIfAvailable()), query.getMaxPoints(), query.getMaxSeries());
			collector.ifAvailable((defaultCollector) -> defaultCollector.setQueryEngine(engine));
			return engine;
		}

	}

}
