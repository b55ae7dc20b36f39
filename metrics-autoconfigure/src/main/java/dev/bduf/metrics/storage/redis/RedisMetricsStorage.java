package dev.bduf.metrics.storage.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.SnapshotCodec;
import dev.bduf.metrics.storage.SnapshotReads;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The {@code redis} backend: snapshots in {@link SnapshotCodec}'s form written by a
 * {@link RedisSnapshotStore} under {@code <prefix>:<service>:<instance>:<resolution>:<step start>}
 * with the TTL of their resolution ({@code raw}, {@code 1m}, {@code 10m}). A read without
 * an instance id reads every instance of the service that shares the Redis.
 */
public final class RedisMetricsStorage implements MetricsStorage {

	private static final Log logger = LogFactory.getLog(RedisMetricsStorage.class);

	private final RedisSnapshotStore store;

	private final Retention retention;

	private final AtomicLong unencodable = new AtomicLong();

	private final AtomicLong undecodable = new AtomicLong();

	/**
	 * Start the writer.
	 * @param connectionFactory connections to Redis
	 * @param options key prefix, service, instance, buffer and batching (its TTLs are
	 * replaced by the retention's)
	 * @param retention how long each resolution is kept, as the TTL of its keys
	 * @param clock the clock
	 */
	public RedisMetricsStorage(RedisConnectionFactory connectionFactory, RedisStorageOptions options,
			Retention retention, Clock clock) {
		this.retention = retention;
		this.store = new RedisSnapshotStore(connectionFactory,
				options.withRetention(ttls(retention), atLeastOneMilli(retention.tenMinutes())), clock);
	}

	private static Map<String, Duration> ttls(Retention retention) {
		return Map.of(SnapshotReads.key(Resolution.RAW), atLeastOneMilli(retention.raw()),
				SnapshotReads.key(Resolution.MINUTE), atLeastOneMilli(retention.minute()),
				SnapshotReads.key(Resolution.TEN_MINUTES), atLeastOneMilli(retention.tenMinutes()));
	}

	private static Duration atLeastOneMilli(Duration duration) {
		return (duration.toMillis() < 1) ? Duration.ofMillis(1) : duration;
	}

	@Override
	public String backend() {
		return "redis";
	}

	@Override
	public void write(StepSnapshot snapshot) {
		try {
			Set<String> names = new HashSet<>();
			for (SeriesPoint point : snapshot.points()) {
				names.add(point.name());
			}
			this.store.write(new RedisRecord(snapshot.instanceId(), SnapshotReads.key(snapshot.resolution()),
					snapshot.start().toEpochMilli(), SnapshotCodec.encode(snapshot), names));
		}
		catch (RuntimeException ex) {
			this.unencodable.incrementAndGet();
			logger.debug("Could not encode a snapshot", ex);
		}
	}

	@Override
	public List<StoredPoint> read(StorageRead read) {
		List<StoredPoint> points = new ArrayList<>();
		for (RedisEntry entry : this.store.read(SnapshotReads.key(read.resolution()), read.from().toEpochMilli(),
				read.to().toEpochMilli(), read.instanceId())) {
			StepSnapshot snapshot;
			try {
				snapshot = SnapshotCodec.decode(entry.payload());
			}
			catch (RuntimeException ex) {
				this.undecodable.incrementAndGet();
				logger.debug("Could not decode a snapshot from Redis", ex);
				continue;
			}
			if (!SnapshotReads.collect(snapshot, read, points)) {
				break;
			}
		}
		return points;
	}

	@Override
	public SortedSet<String> names(@Nullable String instanceId) {
		return Collections.unmodifiableSortedSet(new TreeSet<>(this.store.names(instanceId)));
	}

	/**
	 * The instances of the service that wrote within the longest retention.
	 * @return their ids
	 */
	public List<String> instances() {
		return this.store.instances();
	}

	@Override
	public boolean sharedAcrossInstances() {
		return true;
	}

	@Override
	public Retention retention() {
		return this.retention;
	}

	@Override
	public StorageState state() {
		RedisStorageState state = this.store.state();
		return new StorageState(backend(), state.lastWriteTime(), state.written(), state.buffered(),
				state.dropped() + this.unencodable.get(), state.lag(), state.connected() ? null : state.lastError());
	}

	/**
	 * The writer's state: connection, buffer, drops, last error and lag.
	 * @return the state
	 */
	public RedisStorageState details() {
		return this.store.state();
	}

	/**
	 * Snapshots read back that the codec could not decode.
	 * @return how many
	 */
	public long undecodable() {
		return this.undecodable.get();
	}

	/**
	 * Wait until the buffer is written.
	 * @param timeout how long to wait
	 * @return whether it was written in time
	 */
	public boolean awaitFlushed(Duration timeout) {
		return this.store.awaitFlushed(timeout);
	}

	@Override
	public void close() {
		this.store.close();
	}

}
