package dev.bduf.metrics.storage.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import dev.bduf.metrics.test.RedisFixture;
import dev.bduf.metrics.test.RedisServers;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisMetricsStorageTests {

	@RegisterExtension
	final RedisFixture redis = new RedisFixture();

	@Test
	void aClusterReadMergesEveryInstanceAndALocalReadOnlyOne() {
		RedisFixture.Shared shared = this.redis.shared();
		LettuceConnectionFactory factory = shared.factory();
		String prefix = shared.prefix();
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
		RedisServers.PrivateServer server = this.redis.privateServer();
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

	@Test
	void anOutageDegradesTheHealthWithAReasonThenItIsUpAgainAndNothingInsideTheBufferIsLost() {
		RedisServers.PrivateServer server = this.redis.privateServer();
		LettuceConnectionFactory factory = factory(server.port(), Duration.ofMillis(500));
		RedisMetricsStorage storage = storage(factory, RedisStorageOptions.defaults("outage", "svc", "host-1")
			.withBufferSize(5)
			.withBatching(2, Duration.ofMillis(50)));
		MetricsCollectorHealthIndicator health = new MetricsCollectorHealthIndicator(
				new DefaultMetricsCollector(new SimpleMeterRegistry()), null, storage::state);
		Instant start = Instant.ofEpochMilli(System.currentTimeMillis() / 10_000 * 10_000);
		storage.write(snapshot(Resolution.RAW, start, "host-1", 0));
		assertThat(storage.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		Health up = health.health();
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails().get("storage")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("backend", "redis")
			.containsEntry("written", 1L)
			.containsEntry("buffered", 0L)
			.containsEntry("dropped", 0L)
			.containsKey("lastWrite")
			.doesNotContainKey("lastError");

		server.stop();
		for (int i = 1; i <= 5; i++) {
			storage.write(snapshot(Resolution.RAW, start.plusSeconds(10L * i), "host-1", i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> health.health().getStatus() != Status.UP);
		Health degraded = health.health();
		assertThat(degraded.getStatus()).isEqualTo(MetricsCollectorHealthIndicator.DEGRADED);
		assertThat(degraded.getDetails().get("reasons")).asString()
			.contains("History storage 'redis' is failing")
			.contains("5 snapshot(s) buffered, 0 dropped");
		assertThat(degraded.getDetails().get("storage")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("buffered", 5L)
			.containsKey("lastError");

		server.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus() == Status.UP);
		assertThat(storage.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		assertThat(health.health().getDetails().get("storage")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("buffered", 0L)
			.containsEntry("dropped", 0L);
		// The restarted server kept nothing (no persistence): what it holds is the buffer, all of it.
		assertThat(storage.read(read(start, Resolution.RAW, "host-1", 100))).extracting((p) -> p.point().last())
			.containsExactlyInAnyOrder(1.0, 2.0, 3.0, 4.0, 5.0);
	}

	private RedisMetricsStorage storage(LettuceConnectionFactory factory, RedisStorageOptions options) {
		RedisMetricsStorage storage = new RedisMetricsStorage(factory, options, Retention.DEFAULT, Clock.SYSTEM);
		this.redis.closeAfterwards(storage);
		return storage;
	}

	private LettuceConnectionFactory factory(int port, Duration timeout) {
		return this.redis.factory(port, timeout);
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
