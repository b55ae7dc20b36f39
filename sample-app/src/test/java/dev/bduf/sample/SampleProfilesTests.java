package dev.bduf.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.test.RedisServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample starts on its {@code file} and {@code redis} profiles and keeps its history
 * there (the {@code memory} profile, the default, is {@link OrchestratorApplicationTests}'
 * own). The redis profile uses the machine's Redis on 127.0.0.1:6379, under a key prefix
 * of its own that it deletes afterwards.
 */
class SampleProfilesTests {

	@Test
	void fileProfileKeepsTheHistoryInSegmentFiles(@TempDir Path directory) throws Exception {
		try (RunningSample sample = RunningSample.start("--spring.profiles.active=file",
				"--bduf.metrics.storage.file.directory=" + directory, "--bduf.metrics.history.step=1s")) {
			MetricsStorage storage = sample.bean(MetricsStorage.class);
			assertThat(storage.backend()).isEqualTo("file");
			assertThat(sample.post("/api/projects?name=filed&team=core").statusCode()).isEqualTo(201);
			await().atMost(Duration.ofSeconds(60)).until(() -> storage.state().written() > 0);
			try (Stream<Path> files = Files.walk(directory)) {
				assertThat(files.filter((file) -> file.getFileName().toString().endsWith(".log"))).isNotEmpty();
			}
			assertUp(sample);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(sample.get("/actuator/timeseries").body()).contains("orchestrator.plan"));
		}
	}

	@Test
	void redisProfileKeepsTheHistoryInRedis() {
		RedisServers.requireSharedRedis();
		String prefix = RedisServers.randomPrefix();
		RunningSample sample = RunningSample.start("--spring.profiles.active=redis",
				"--bduf.metrics.storage.redis.key-prefix=" + prefix, "--bduf.metrics.history.step=1s");
		try {
			MetricsStorage storage = sample.bean(MetricsStorage.class);
			assertThat(storage.backend()).isEqualTo("redis");
			assertThat(sample.post("/api/projects?name=cached&team=core").statusCode()).isEqualTo(201);
			await().atMost(Duration.ofSeconds(60)).until(() -> storage.state().written() > 0);
			assertThat(sample.bean(StringRedisTemplate.class).keys(prefix + ":bduf-orchestrator:*")).isNotEmpty();
			assertUp(sample);
			JsonContent health = sample.json("/actuator/health");
			assertThat(health).extractingPath("$.components.redis.status").isEqualTo("UP");
		}
		finally {
			// closed first, so that its last writes are deleted too
			sample.close();
			deleteKeys(prefix);
		}
	}

	private static void deleteKeys(String prefix) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", RedisServers.SHARED_PORT));
		factory.afterPropertiesSet();
		factory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			Set<String> keys = redis.keys(prefix + ":*");
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		finally {
			factory.destroy();
		}
	}

	private static void assertUp(RunningSample sample) {
		JsonContent health = sample.json("/actuator/health");
		assertThat(health).extractingPath("$.status").isEqualTo("UP");
		assertThat(health).extractingPath("$.components.metricsCollector.status").isEqualTo("UP");
	}

}
