package dev.bduf.metrics.storage.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import dev.bduf.metrics.test.RedisServers;
import io.micrometer.core.instrument.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisMetricsStorageTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aClusterReadMergesEveryInstanceAndALocalReadOnlyOne() {
		int port = RedisServers.requireSharedRedis();
		String prefix = RedisServers.randomPrefix();
		LettuceConnectionFactory factory = factory(port, Duration.ofSeconds(2));
		this.resources.add(() -> deleteKeys(factory, prefix));
		RedisStorageOptions options = RedisStorageOptions.defaults(prefix, "orders", "host-1");
		RedisMetricsStorage one = storage(factory, options);
		RedisMetricsStorage two = storage(factory, options.withInstance("host-2"));
		Instant start = Instant.ofEpochMilli(System.currentTimeMillis() / 10_000 * 10_000);
		for (int i = 0; i < 3; i++) {
			one.write(snapshot(Resolution.RAW, start.plusSeconds(10L * i), "host-1", i));
			two.write(snapshot(Resolution.RAW, start.plusSeconds(10L * i), "host-2", 10 + i));
		}
		two.write(snapshot(Resolution.MINUTE, start, "host-2", 50));
		assertThat(one.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		assertThat(two.awaitFlushed(Duration.ofSeconds(60))).isTrue();

		List<StoredPoint> cluster = one.read(read(start, Resolution.RAW, null, 100));
		assertThat(cluster).extracting(StoredPoint::instanceId).containsOnly("host-1", "host-2");
		assertThat(cluster).extracting((point) -> point.point().last())
			.containsExactlyInAnyOrder(0.0, 1.0, 2.0, 10.0, 11.0, 12.0);
		assertThat(one.read(read(start, Resolution.RAW, "host-2", 100))).extracting(StoredPoint::instanceId)
			.containsOnly("host-2")
			.hasSize(3);
		assertThat(one.read(read(start, Resolution.RAW, null, 2))).hasSize(3);
		assertThat(one.read(read(start, Resolution.MINUTE, null, 100))).singleElement()
			.satisfies((point) -> assertThat(point.point().last()).isEqualTo(50.0));
		assertThat(one.names(null)).containsExactly("orders.placed", "queue.size");
		assertThat(one.names("host-1")).containsExactly("orders.placed", "queue.size");
		assertThat(one.instances()).containsExactly("host-1", "host-2");
		assertThat(one.backend()).isEqualTo("redis");
		assertThat(one.retention()).isEqualTo(Retention.DEFAULT);
		StorageState state = two.state();
		assertThat(state.written()).isEqualTo(4);
		assertThat(state.healthy()).isTrue();
		assertThat(two.details().connected()).isTrue();

		try (RedisConnection connection = factory.getConnection()) {
			byte[] key = RedisKeys.bytes(prefix + ":orders:host-2:1m:" + start.toEpochMilli());
			assertThat(connection.keyCommands().pTtl(key)).isGreaterThan(Duration.ofHours(1).toMillis())
				.isLessThanOrEqualTo(Duration.ofHours(24).toMillis());
			// Bytes another codec wrote are skipped and counted.
			connection.stringCommands()
				.set(RedisKeys.bytes(prefix + ":orders:host-1:raw:" + start.plusSeconds(40).toEpochMilli()),
						new byte[] { 1, 2, 3 });
			connection.zSetCommands()
				.zAdd(RedisKeys.bytes(prefix + ":orders:host-1:raw:index"), start.plusSeconds(40).toEpochMilli(),
						RedisKeys.bytes(Long.toString(start.plusSeconds(40).toEpochMilli())));
		}
		assertThat(one.read(read(start, Resolution.RAW, "host-1", 100))).hasSize(3);
		assertThat(one.undecodable()).isEqualTo(1);
	}

	@Test
	void aDownRedisShowsInTheState() {
		RedisServers.PrivateServer server = RedisServers.startPrivate();
		server.stop();
		LettuceConnectionFactory factory = factory(server.port(), Duration.ofMillis(300));
		RedisMetricsStorage storage = storage(factory, RedisStorageOptions.defaults("down", "svc", "host-1")
			.withBufferSize(2)
			.withBatching(10, Duration.ofMillis(50)));
		Instant start = Instant.parse("2026-11-29T10:00:00Z");
		for (int i = 0; i < 3; i++) {
			storage.write(snapshot(Resolution.RAW, start.plusSeconds(10L * i), "host-1", i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> storage.details().failedWrites() > 0);
		StorageState state = storage.state();
		assertThat(state.healthy()).isFalse();
		assertThat(state.buffered()).isEqualTo(2);
		assertThat(state.dropped()).isEqualTo(1);
		assertThat(state.lastError()).isNotBlank();
		assertThat(storage.read(read(start, Resolution.RAW, "host-1", 100))).as("from the buffer").hasSize(2);
		assertThat(storage.names(null)).isEmpty();
		storage.close();
	}

	private RedisMetricsStorage storage(LettuceConnectionFactory factory, RedisStorageOptions options) {
		RedisMetricsStorage storage = new RedisMetricsStorage(factory, options, Retention.DEFAULT, Clock.SYSTEM);
		this.resources.add(storage);
		return storage;
	}

	private LettuceConnectionFactory factory(int port, Duration timeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(timeout).shutdownTimeout(Duration.ZERO).build());
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(0, factory::destroy);
		return factory;
	}

	static void deleteKeys(LettuceConnectionFactory factory, String prefix) {
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> keys = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix + ":*").count(1000).build())) {
			List<byte[]> found = new ArrayList<>();
			keys.forEachRemaining(found::add);
			if (!found.isEmpty()) {
				connection.keyCommands().del(found.toArray(new byte[0][]));
			}
		}
	}

	static StepSnapshot snapshot(Resolution resolution, Instant start, String instance, double value) {
		return new StepSnapshot(start, Duration.ofSeconds(10), resolution, instance,
				List.of(SeriesPoint.counter("orders.placed", null, Map.of("shard", "a"), 1, 1),
						SeriesPoint.gauge("queue.size", "items", Map.of(), value)));
	}

	static StorageRead read(Instant start, Resolution resolution, String instance, int maxPoints) {
		return new StorageRead("queue.size", Map.of(), start, start.plus(Duration.ofMinutes(10)), resolution, instance,
				maxPoints);
	}

}
