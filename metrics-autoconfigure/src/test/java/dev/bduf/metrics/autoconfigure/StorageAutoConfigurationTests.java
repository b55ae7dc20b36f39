package dev.bduf.metrics.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import dev.bduf.metrics.storage.file.FileMetricsStorage;
import dev.bduf.metrics.storage.file.FsyncPolicy;
import dev.bduf.metrics.storage.redis.RedisMetricsStorage;
import dev.bduf.metrics.test.RedisServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StorageAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StorageAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void memoryByDefaultLeavesTheStorageToHistory() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(MetricsStorage.class)
			.hasSingleBean(StorageProperties.class));
	}

	@Test
	void fileStorageFromProperties() {
		this.runner
			.withPropertyValues("bduf.metrics.storage.type=file",
					"bduf.metrics.storage.file.directory=" + this.directory, "bduf.metrics.storage.file.fsync=always",
					"bduf.metrics.storage.file.max-segment-size=1MB", "bduf.metrics.history.retention.raw=2h",
					"bduf.metrics.history.retention.ten-minutes=90d")
			.run((context) -> {
				assertThat(context).hasSingleBean(FileMetricsStorage.class);
				FileMetricsStorage storage = context.getBean(FileMetricsStorage.class);
				assertThat(storage.retention()).isEqualTo(
						new Retention(Duration.ofHours(2), Retention.DEFAULT.minute(), Duration.ofDays(90)));
				assertThat(storage.details().get(Resolution.RAW).fsync()).isEqualTo(FsyncPolicy.ALWAYS);
				assertThat(storage.details().get(Resolution.RAW).directory())
					.isEqualTo(this.directory.resolve("raw").toString());
				Instant start = Instant.parse("2026-11-29T10:00:00Z");
				storage.write(new StepSnapshot(start, Duration.ofSeconds(10), "host-1",
						List.of(SeriesPoint.gauge("queue.size", null, Map.of(), 3))));
				assertThat(storage.read(new StorageRead("queue.size", Map.of(), start, start.plusSeconds(10),
						Resolution.RAW, null, 10)))
					.hasSize(1);
			});
		assertThat(this.directory.resolve("raw")).isDirectory();
	}

	@Test
	void redisStorageWithTheApplicationsConnectionFactory() {
		int port = RedisServers.requireSharedRedis();
		this.runner.withBean(RedisConnectionFactory.class, () -> connectionFactory(port))
			.withPropertyValues("bduf.metrics.storage.type=redis", "bduf.metrics.storage.redis.key-prefix=bduf-ac-test",
					"bduf.metrics.storage.redis.buffer-size=7", "bduf.metrics.service-name=orders",
					"bduf.metrics.instance-id=host-1")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisMetricsStorage.class)
					.doesNotHaveBean(StorageAutoConfiguration.MissingRedisReporter.class);
				RedisMetricsStorage storage = context.getBean(RedisMetricsStorage.class);
				assertThat(storage.details().bufferSize()).isEqualTo(7);
				assertThat(storage.details().keyPrefix()).isEqualTo("bduf-ac-test");
				assertThat(storage.details().instance()).isEqualTo("host-1");
				assertThat(storage.retention()).isEqualTo(Retention.DEFAULT);
			});
	}

	@Test
	void redisStorageDefaultsItsServiceAndInstance() {
		this.runner.withBean(RedisConnectionFactory.class, () -> connectionFactory(1))
			.withPropertyValues("bduf.metrics.storage.type=redis")
			.run((context) -> assertThat(context.getBean(RedisMetricsStorage.class).details().instance())
				.contains(":"));
	}

	@Test
	void redisStorageNeedsAConnectionFactoryAndSaysSo(CapturedOutput output) {
		this.runner.withPropertyValues("bduf.metrics.storage.type=redis").run((context) -> {
			assertThat(context).doesNotHaveBean(MetricsStorage.class)
				.hasSingleBean(StorageAutoConfiguration.MissingRedisReporter.class);
			assertThat(output).contains("there is no RedisConnectionFactory");
		});
	}

	@Test
	void redisStorageNeedsSpringDataRedis() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("bduf.metrics.storage.type=redis")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MetricsStorage.class));
	}

	@Test
	void aUsersStorageWins() {
		this.runner.withUserConfiguration(UserStorageConfiguration.class)
			.withPropertyValues("bduf.metrics.storage.type=file",
					"bduf.metrics.storage.file.directory=" + this.directory)
			.run((context) -> assertThat(context).hasSingleBean(MetricsStorage.class)
				.doesNotHaveBean(FileMetricsStorage.class));
	}

	@Test
	void offWhenMetricsAreDisabled() {
		this.runner.withPropertyValues("bduf.metrics.enabled=false", "bduf.metrics.storage.type=file",
				"bduf.metrics.storage.file.directory=" + this.directory)
			.run((context) -> assertThat(context).doesNotHaveBean(MetricsStorage.class));
	}

	private static LettuceConnectionFactory connectionFactory(int port) {
		return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStorageConfiguration {

		@Bean
		MetricsStorage userStorage() {
			return new MetricsStorage() {

				@Override
				public String backend() {
					return "user";
				}

				@Override
				public void write(StepSnapshot snapshot) {
				}

				@Override
				public List<StoredPoint> read(StorageRead read) {
					return List.of();
				}

				@Override
				public SortedSet<String> names(String instanceId) {
					return new TreeSet<>();
				}

				@Override
				public Retention retention() {
					return Retention.DEFAULT;
				}

				@Override
				public StorageState state() {
					return new StorageState("user", null, 0, 0, 0, Duration.ZERO, null);
				}

			};
		}

	}

}
