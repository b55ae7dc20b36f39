package dev.bduf.metrics.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.bduf.metrics.collector.InstanceId;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.file.FileMetricsStorage;
import dev.bduf.metrics.storage.file.FileStorageOptions;
import dev.bduf.metrics.storage.redis.RedisMetricsStorage;
import dev.bduf.metrics.storage.redis.RedisStorageOptions;
import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the persistent {@link MetricsStorage} backends, chosen by
 * {@code bduf.metrics.storage.type}: {@code file} stores the history in segment files,
 * {@code redis} in the application's Redis (its {@link RedisConnectionFactory}, as
 * Spring Boot's Redis auto-configuration makes it). A user's own {@link MetricsStorage}
 * bean wins. Each resolution is kept for {@code bduf.metrics.history.retention.*}. It runs
 * before the history's auto-configuration, whose memory storage and recorder it feeds.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = "dev.bduf.metrics.autoconfigure.HistoryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "bduf.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ StorageProperties.class, HistoryProperties.class, BdufMetricsProperties.class })
public final class StorageAutoConfiguration {

	private static final Log logger = LogFactory.getLog(StorageAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bduf.metrics.storage.type", havingValue = "file")
	static class FileStorageConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(MetricsStorage.class)
		FileMetricsStorage fileMetricsStorage(StorageProperties properties, HistoryProperties history,
				ObjectProvider<Clock> clock) {
			StorageProperties.File file = properties.getFile();
			FileStorageOptions options = new FileStorageOptions(file.getDirectory(), file.getFsync(),
					file.getFsyncInterval(), file.getMaxSegmentSize().toBytes(), file.getSegmentDuration(),
					Duration.ofDays(30), FileStorageOptions.DEFAULT_MAX_RECORD_SIZE, file.getRetryInterval());
			return new FileMetricsStorage(options, HistoryAutoConfiguration.retention(history),
					clock.getIfAvailable(() -> Clock.SYSTEM));
		}

	}

	/**
	 * Says why there is no Redis storage when one was asked for: without it the history
	 * would silently not be stored.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bduf.metrics.storage.type", havingValue = "redis")
	@ConditionalOnMissingBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
	static class MissingRedisConfiguration {

		@Bean
		MissingRedisReporter bdufMissingRedisReporter() {
			return new MissingRedisReporter();
		}

	}

	static final class MissingRedisReporter {

		MissingRedisReporter() {
			logger.warn("bduf.metrics.storage.type=redis, but there is no RedisConnectionFactory: add "
					+ "spring-boot-starter-data-redis and configure spring.data.redis.*; the metric history is not "
					+ "stored");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, io.lettuce.core.RedisClient.class })
	@ConditionalOnProperty(name = "bduf.metrics.storage.type", havingValue = "redis")
	static class RedisStorageConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(MetricsStorage.class)
		@ConditionalOnBean(RedisConnectionFactory.class)
		RedisMetricsStorage redisMetricsStorage(RedisConnectionFactory connectionFactory, StorageProperties properties,
				HistoryProperties history, BdufMetricsProperties metricsProperties, Environment environment,
				ObjectProvider<Clock> clock, ObjectProvider<InstanceId> instanceId) {
			StorageProperties.Redis redis = properties.getRedis();
			Retention retention = HistoryAutoConfiguration.retention(history);
			RedisStorageOptions options = new RedisStorageOptions(redis.getKeyPrefix(),
					firstText(metricsProperties.getServiceName(), environment.getProperty("spring.application.name"),
							"application"),
					HistoryAutoConfiguration.instanceId(environment, instanceId.getIfAvailable()), redis.getBufferSize(), Map.of(),
					retention.tenMinutes().isZero() ? Duration.ofMillis(1) : retention.tenMinutes(),
					redis.getBatchSize(), redis.getRetryInterval());
			return new RedisMetricsStorage(connectionFactory, options, retention,
					clock.getIfAvailable(() -> Clock.SYSTEM));
		}

		private static String firstText(String... candidates) {
			for (String candidate : candidates) {
				if (StringUtils.hasText(candidate)) {
					return candidate;
				}
			}
			return "unknown";
		}



	}

}
