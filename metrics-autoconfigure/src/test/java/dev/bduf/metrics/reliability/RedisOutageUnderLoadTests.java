package dev.bduf.metrics.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.redis.RedisMetricsStorage;
import dev.bduf.metrics.storage.redis.RedisStorageOptions;
import dev.bduf.metrics.test.RedisServers;
import dev.bduf.metrics.test.RedisServers.PrivateServer;
import io.micrometer.core.instrument.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis storage while its Redis is killed and restarted in the middle of a load of
 * snapshot writes. The test runs its own {@code redis-server} on a free loopback port
 * (never the shared one), keeping what it acknowledged in an append-only file, so what
 * Redis holds afterwards is exactly what the storage delivered: every snapshot written
 * while fewer than {@code buffer-size} waited is there, and beyond the bound the drops
 * are counted exactly.
 */
class RedisOutageUnderLoadTests {

	private static final int BUFFER = 5_000;

	private static final int WRITERS = 2;

	private static final int AFTER_KILL = 1_500;

	private static final int BACKLOG = 1_000;

	private static final Instant BASE = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void nothingInsideTheBufferBoundIsLostAndDropsBeyondItAreCountedExactly(@TempDir Path data) throws Exception {
		PrivateServer server = RedisServers.startPrivate(data);
		this.resources.add(server);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", server.port()),
				LettuceClientConfiguration.builder()
					.commandTimeout(Duration.ofMillis(500))
					.shutdownTimeout(Duration.ZERO)
					.build());
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(0, factory::destroy);
		RedisMetricsStorage storage = new RedisMetricsStorage(factory,
				RedisStorageOptions.defaults("outage-load", "svc", "i1")
					.withBufferSize(BUFFER)
					.withBatching(100, Duration.ofMillis(100)),
				Retention.DEFAULT, Clock.SYSTEM);
		this.resources.add(0, storage);

		// load: two writers, as fast as Redis takes the snapshots, go on across the kill,
		// each writing AFTER_KILL more once Redis is gone: BACKLOG + 2 x AFTER_KILL < BUFFER
		AtomicInteger next = new AtomicInteger();
		AtomicBoolean killed = new AtomicBoolean();
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			Thread thread = new Thread(() -> {
				int afterKill = 0;
				for (int i = 0; i < 100_000 && afterKill < AFTER_KILL; i++) {
					boolean down = killed.get();
					// as fast as Redis takes them, a backlog of at most BACKLOG while it is up
					while (!killed.get() && storage.state().buffered() >= BACKLOG) {
						sleepOneMilli();
					}
					storage.write(snapshot(next.getAndIncrement()));
					if (down) {
						afterKill++;
					}
				}
			}, "redis-load-" + w);
			writers.add(thread);
		}
		writers.forEach(Thread::start);
		await().atMost(Duration.ofSeconds(60)).until(() -> storage.state().written() >= 3_000);
		int beforeKill = next.get();
		long writtenBeforeKill = storage.state().written();
		server.stop();
		killed.set(true);
		for (Thread thread : writers) {
			thread.join(120_000);
		}
		int total = next.get();
		assertThat(total).isGreaterThanOrEqualTo(beforeKill + WRITERS * AFTER_KILL);
		await().atMost(Duration.ofSeconds(30)).until(() -> storage.details().degraded());
		StorageState down = storage.state();
		assertThat(down.dropped())
			.as("drops while fewer than the buffer size waited (%d written, %d before the kill of which %d were in Redis: %s)",
					total, beforeKill, writtenBeforeKill, down)
			.isZero();
		assertThat(down.buffered()).isPositive().isLessThanOrEqualTo(BUFFER);
		assertThat(down.written() + down.buffered()).isEqualTo(total);

		server.start();
		assertThat(storage.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> storage.details().connected());
		assertThat(storage.state().dropped()).isZero();
		assertThat(storage.state().written()).isEqualTo(total);
		assertThat(steps(factory)).as("every snapshot written is in Redis").hasSize(total)
			.isEqualTo(expected(0, total));

		// a second outage with more than the buffer holds: the oldest are dropped, counted
		server.stop();
		int over = 37;
		for (int i = 0; i < BUFFER + over; i++) {
			storage.write(snapshot(total + i));
		}
		StorageState overflowing = storage.state();
		assertThat(overflowing.dropped()).isEqualTo(over);
		assertThat(overflowing.buffered()).isEqualTo(BUFFER);
		server.start();
		assertThat(storage.awaitFlushed(Duration.ofSeconds(60))).isTrue();
		Set<Long> after = steps(factory);
		assertThat(after).hasSize(total + BUFFER);
		Set<Long> expected = expected(0, total);
		expected.addAll(expected(total + over, total + BUFFER + over));
		assertThat(after).isEqualTo(expected);
		assertThat(storage.state().dropped()).isEqualTo(over);
		assertThat(storage.state().written()).isEqualTo(total + BUFFER);
		System.out.println("Redis outage under load: " + total + " snapshots (" + beforeKill + " before the kill) through a kill and restart, none lost; "
				+ (BUFFER + over) + " through a second outage, " + over + " dropped and counted");
	}

	private static void sleepOneMilli() {
		try {
			Thread.sleep(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static StepSnapshot snapshot(int index) {
		return new StepSnapshot(BASE.plusSeconds(10L * index), Duration.ofSeconds(10), Resolution.RAW, "i1",
				List.of(SeriesPoint.gauge("queue.size", "items", Map.of(), index)));
	}

	private static Set<Long> expected(int from, int to) {
		Set<Long> starts = new HashSet<>();
		for (int i = from; i < to; i++) {
			starts.add(BASE.plusSeconds(10L * i).toEpochMilli());
		}
		return starts;
	}

	/** The step starts of the raw snapshots Redis holds, read from their keys. */
	private static Set<Long> steps(LettuceConnectionFactory factory) {
		Set<Long> starts = new HashSet<>();
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> keys = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match("outage-load:svc:i1:raw:*").count(1000).build())) {
			while (keys.hasNext()) {
				String key = new String(keys.next());
				String last = key.substring(key.lastIndexOf(':') + 1);
				if (!last.equals("index")) {
					starts.add(Long.parseLong(last));
				}
			}
		}
		return starts;
	}

}
