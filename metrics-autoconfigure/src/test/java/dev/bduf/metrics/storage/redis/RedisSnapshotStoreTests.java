package dev.bduf.metrics.storage.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bduf.metrics.test.RedisFixture;
import dev.bduf.metrics.test.RedisServers.PrivateServer;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class RedisSnapshotStoreTests {

	private static final long T0 = 1_700_000_000_000L;

	@RegisterExtension
	final RedisFixture redis = new RedisFixture();

	@Test
	void aClusterReadFindsEveryInstanceSharingTheRedis() {
		RedisFixture.Shared shared = this.redis.shared();
		LettuceConnectionFactory factory = shared.factory();
		String prefix = shared.prefix();
		RedisStorageOptions options = RedisStorageOptions.defaults(prefix, "orders", "host-a:1");
		RedisSnapshotStore a = store(factory, options, Clock.SYSTEM);
		RedisSnapshotStore b = store(factory, options.withInstance("host-b:2"), Clock.SYSTEM);
		long now = System.currentTimeMillis();
		for (int i = 0; i < 3; i++) {
			a.write(record("host-a:1", "raw", now + i * 10_000L, "a" + i, "http.requests"));
			b.write(record("host-b:2", "raw", now + i * 10_000L, "b" + i, "jobs.done"));
		}
		b.write(record("host-b:2", "1m", now, "b-minute", "jobs.done"));
		assertThat(a.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		assertThat(b.awaitFlushed(Duration.ofSeconds(60))).isTrue();

		List<RedisEntry> cluster = a.read("raw", now, now + 30_000, null);
		assertThat(cluster).extracting(RedisEntry::instance).containsOnly("host-a:1", "host-b:2");
		assertThat(cluster).extracting(RedisSnapshotStoreTests::text).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
		assertThat(a.read("raw", now, now + 30_000, "host-a:1")).extracting(RedisSnapshotStoreTests::text)
			.containsExactly("a0", "a1", "a2");
		assertThat(b.read("raw", now + 10_000, now + 20_000, "host-b:2")).extracting(RedisSnapshotStoreTests::text)
			.containsExactly("b1");
		assertThat(a.read("1m", now, now + 1, null)).extracting(RedisSnapshotStoreTests::text)
			.containsExactly("b-minute");
		assertThat(a.instances()).containsExactly("host-a:1", "host-b:2");
		assertThat(b.names(null)).containsExactly("http.requests", "jobs.done");
		assertThat(a.names("host-b:2")).containsExactly("jobs.done");

		try (RedisConnection connection = factory.getConnection()) {
			byte[] key = RedisKeys.bytes(prefix + ":orders:host-a%3A1:raw:" + now);
			assertThat(connection.stringCommands().get(key)).asString(StandardCharsets.UTF_8).isEqualTo("a0");
			assertThat(connection.keyCommands().pTtl(key)).isBetween(1L, Duration.ofHours(1).toMillis());
			byte[] minute = RedisKeys.bytes(prefix + ":orders:host-b%3A2:1m:" + now);
			assertThat(connection.keyCommands().pTtl(minute)).isGreaterThan(Duration.ofHours(1).toMillis());
			assertThat(connection.keyCommands().pTtl(RedisKeys.bytes(prefix + ":orders:host-a%3A1:raw:index")))
				.isBetween(1L, Duration.ofHours(1).toMillis());
		}
		RedisStorageState state = a.state();
		assertThat(state.connected()).isTrue();
		assertThat(state.degraded()).isFalse();
		assertThat(state.written()).isEqualTo(3);
		assertThat(state.buffered()).isZero();
		assertThat(state.lag()).isZero();
		assertThat(state.lastWriteTime()).isNotNull();
		assertThat(state.keyPrefix()).isEqualTo(prefix);
	}

	@Test
	void indexesForgetBucketsOlderThanTheirTtl() {
		RedisFixture.Shared shared = this.redis.shared();
		LettuceConnectionFactory factory = shared.factory();
		String prefix = shared.prefix();
		MockClock clock = new MockClock();
		clock.add(T0 - clock.wallTime(), TimeUnit.MILLISECONDS);
		RedisStorageOptions options = RedisStorageOptions.defaults(prefix, "svc", "i1")
			.withRetention(Map.of("raw", Duration.ofMinutes(1)), Duration.ofMinutes(10));
		RedisSnapshotStore store = store(factory, options, clock);
		store.write(record("i1", "raw", T0, "old"));
		assertThat(store.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		clock.add(Duration.ofMinutes(2));
		store.write(record("i1", "raw", T0 + 120_000, "new"));
		assertThat(store.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		try (RedisConnection connection = factory.getConnection()) {
			assertThat(connection.zSetCommands().zCard(RedisKeys.bytes(prefix + ":svc:i1:raw:index"))).isEqualTo(1);
		}
		clock.add(Duration.ofMinutes(20));
		assertThat(store.instances()).as("not seen within the longest TTL").isEmpty();
		assertThat(store.names(null)).isEmpty();
	}

	@Test
	void anOutageFillsTheBufferCountsOverflowAndDeliversEverythingInsideTheBoundInOrder() {
		PrivateServer server = this.redis.privateServer();
		LettuceConnectionFactory factory = factory(server.port(), Duration.ofMillis(500));
		int bound = 5;
		RedisStorageOptions options = RedisStorageOptions.defaults("outage", "svc", "i1")
			.withBufferSize(bound)
			.withBatching(2, Duration.ofMillis(100));
		RedisSnapshotStore store = store(factory, options, Clock.SYSTEM);
		long now = System.currentTimeMillis();
		IntStream.range(0, 3).forEach((i) -> store.write(record("i1", "raw", now + i, "before-" + i)));
		assertThat(store.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		assertThat(store.read("raw", now, now + 100, "i1")).hasSize(3);

		server.stop();
		store.write(record("i1", "raw", now + 10, "during-0"));
		await().atMost(Duration.ofSeconds(20)).until(() -> store.state().degraded());
		IntStream.range(1, 9).forEach((i) -> store.write(record("i1", "raw", now + 10 + i, "during-" + i)));
		RedisStorageState down = store.state();
		assertThat(down.connected()).isFalse();
		assertThat(down.buffered()).isEqualTo(bound);
		assertThat(down.dropped()).isEqualTo(9 - bound);
		assertThat(down.failedWrites()).isPositive();
		assertThat(down.lastError()).isNotBlank();
		assertThat(down.lastErrorTime()).isNotNull();
		assertThat(store.read("raw", now + 10, now + 100, "i1")).as("buffered snapshots are readable locally")
			.extracting(RedisSnapshotStoreTests::text)
			.containsExactly("during-4", "during-5", "during-6", "during-7", "during-8");
		assertThat(store.state().readErrors()).isPositive();

		server.start();
		assertThat(store.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> store.state().connected());
		RedisStorageState up = store.state();
		assertThat(up.dropped()).isEqualTo(9 - bound);
		assertThat(up.buffered()).isZero();
		assertThat(up.written()).isEqualTo(3 + bound);
		// The restarted server kept nothing (no persistence): what it holds is the buffer.
		assertThat(store.read("raw", now, now + 100, "i1")).extracting(RedisSnapshotStoreTests::text)
			.containsExactly("during-4", "during-5", "during-6", "during-7", "during-8");
	}

	@Test
	void anUnreachableRedisNeverReachesTheCaller() throws Exception {
		PrivateServer server = this.redis.privateServer();
		server.stop();
		LettuceConnectionFactory factory = factory(server.port(), Duration.ofMillis(300));
		MockClock clock = new MockClock();
		RedisSnapshotStore store = new RedisSnapshotStore(factory,
				RedisStorageOptions.defaults("down", "svc", "i1").withBatching(10, Duration.ofMillis(50)), clock);
		store.write(record("i1", "raw", 1, "x"));
		await().atMost(Duration.ofSeconds(20)).until(() -> store.state().failedWrites() > 0);
		clock.add(Duration.ofSeconds(7));
		RedisStorageState state = store.state();
		assertThat(state.degraded()).isTrue();
		assertThat(state.buffered()).isEqualTo(1);
		assertThat(state.lag()).isEqualTo(Duration.ofSeconds(7));
		assertThat(store.instances()).isEmpty();
		assertThat(store.names(null)).isEmpty();
		assertThat(store.read("raw", 0, 10, null)).extracting(RedisSnapshotStoreTests::text).containsExactly("x");
		assertThat(store.state().readErrors()).isEqualTo(3);
		long started = System.nanoTime();
		store.close(Duration.ofSeconds(10));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close gives up at the first failure")
			.isLessThan(Duration.ofSeconds(5));
		assertThat(store.write(record("i1", "raw", 2, "y"))).isFalse();
		assertThat(store.state().dropped()).isEqualTo(1);
		factory.destroy();
	}

	@Test
	void closeWritesWhatIsBuffered() {
		RedisFixture.Shared shared = this.redis.shared();
		LettuceConnectionFactory factory = shared.factory();
		String prefix = shared.prefix();
		RedisStorageOptions options = RedisStorageOptions.defaults(prefix, "svc", "i1");
		RedisSnapshotStore store = new RedisSnapshotStore(factory, options, Clock.SYSTEM);
		long now = System.currentTimeMillis();
		IntStream.range(0, 50).forEach((i) -> store.write(record("i1", "raw", now + i, "r" + i)));
		store.close();
		RedisSnapshotStore reader = store(factory, options, Clock.SYSTEM);
		assertThat(reader.read("raw", now, now + 50, "i1")).hasSize(50);
	}

	@Test
	void optionsAndRecordsAreValidated() {
		RedisStorageOptions defaults = RedisStorageOptions.defaults("p", "s", "i");
		assertThat(defaults.ttl("raw")).isEqualTo(Duration.ofHours(1));
		assertThat(defaults.ttl("5m")).isEqualTo(Duration.ofDays(30));
		assertThat(defaults.maxTtl()).isEqualTo(Duration.ofDays(30));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBufferSize(0));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withInstance(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBatching(1, Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> defaults.withRetention(Map.of("raw", Duration.ZERO), Duration.ofHours(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisRecord("i", " ", 0, new byte[0], Set.of()));
		assertThat(RedisKeys.escape("a:b%c")).isEqualTo("a%3Ab%25c");
	}

	private RedisSnapshotStore store(LettuceConnectionFactory factory, RedisStorageOptions options, Clock clock) {
		RedisSnapshotStore store = new RedisSnapshotStore(factory, options, clock);
		this.redis.closeAfterwards(store);
		return store;
	}

	private LettuceConnectionFactory factory(int port, Duration timeout) {
		return this.redis.factory(port, timeout);
	}

	private static RedisRecord record(String instance, String resolution, long bucket, String payload,
			String... names) {
		return new RedisRecord(instance, resolution, bucket, payload.getBytes(StandardCharsets.UTF_8), Set.of(names));
	}

	private static String text(RedisEntry entry) {
		return new String(entry.payload(), StandardCharsets.UTF_8);
	}

}
