package dev.bduf.metrics.storage.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.types.Expiration;

/**
 * Writes encoded snapshots to Redis on its own thread and reads them back, for one
 * instance or for every instance of the service (see {@link RedisKeys} for the layout).
 * <p>
 * {@link #write(RedisRecord)} only puts the record in a bounded in-memory buffer and
 * returns: the caller never waits for Redis and never sees its errors. The writer thread
 * takes the buffer in order, in pipelined batches; a batch leaves the buffer only once
 * Redis acknowledged it, so during an outage the buffer fills and, when full, drops its
 * oldest records (counted). When Redis is back the buffer is written in order. Every
 * write is idempotent (a SET of the same key and value, ZADDs), so a batch that is
 * retried after a timeout it actually survived does no harm.
 * <p>
 * Retention is Redis's own: every snapshot key carries the TTL of its resolution, and
 * the indexes are trimmed by score on each write and expire with their newest entry.
 */
public final class RedisSnapshotStore implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisSnapshotStore.class);

	private final RedisConnectionFactory connectionFactory;

	private final RedisStorageOptions options;

	private final RedisKeys keys;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<Pending> buffer = new ArrayDeque<>();

	private final Thread writer;

	private final AtomicLong readErrors = new AtomicLong();

	private long nextSequence;

	private long dropped;

	private long written;

	private long failedWrites;

	private boolean closing;

	private volatile boolean connected = true;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorTime;

	private volatile @Nullable Instant lastWriteTime;

	/**
	 * Start the writer thread.
	 * @param connectionFactory connections to Redis
	 * @param options key layout, buffer and TTLs
	 * @param clock the clock for TTL trimming, lag and timestamps
	 */
	public RedisSnapshotStore(RedisConnectionFactory connectionFactory, RedisStorageOptions options, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.options = options;
		this.keys = RedisKeys.of(options.keyPrefix(), options.service());
		this.clock = clock;
		this.writer = new Thread(this::run, "bduf-metrics-redis-storage");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/**
	 * Buffer a record for the writer thread. Never blocks on Redis and never throws; when
	 * the buffer is full its oldest record is dropped and counted.
	 * @param record the record
	 * @return false when the store is closed and the record was dropped
	 */
	public boolean write(RedisRecord record) {
		this.lock.lock();
		try {
			if (this.closing) {
				this.dropped++;
				return false;
			}
			if (this.buffer.size() >= this.options.bufferSize()) {
				this.buffer.pollFirst();
				this.dropped++;
			}
			this.buffer.addLast(new Pending(this.nextSequence++, this.clock.wallTime(), record));
			this.changed.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run() {
		while (true) {
			List<Pending> batch = nextBatch();
			if (batch == null) {
				return;
			}
			try {
				writeBatch(batch);
				succeeded(batch);
			}
			catch (RuntimeException ex) {
				if (!failed(ex)) {
					return;
				}
			}
		}
	}

	/**
	 * Wait for records; null when the store is closing and nothing is left to write.
	 */
	private @Nullable List<Pending> nextBatch() {
		this.lock.lock();
		try {
			while (this.buffer.isEmpty()) {
				if (this.closing) {
					return null;
				}
				this.changed.awaitUninterruptibly();
			}
			List<Pending> batch = new ArrayList<>(Math.min(this.buffer.size(), this.options.batchSize()));
			for (Pending pending : this.buffer) {
				if (batch.size() == this.options.batchSize()) {
					break;
				}
				batch.add(pending);
			}
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void writeBatch(List<Pending> batch) {
		long now = this.clock.wallTime();
		long indexCutoff = now - this.options.maxTtl().toMillis();
		long indexTtl = this.options.maxTtl().toMillis();
		Map<String, Set<String>> namesByInstance = new HashMap<>();
		Set<List<String>> series = new HashSet<>();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.openPipeline();
			for (Pending pending : batch) {
				RedisRecord record = pending.record();
				long ttl = this.options.ttl(record.resolution()).toMillis();
				connection.stringCommands()
					.set(this.keys.data(record.instance(), record.resolution(), record.bucket()), record.payload(),
							Expiration.milliseconds(ttl), SetOption.upsert());
				connection.zSetCommands()
					.zAdd(this.keys.index(record.instance(), record.resolution()), record.bucket(),
							RedisKeys.bytes(Long.toString(record.bucket())));
				namesByInstance.computeIfAbsent(record.instance(), (instance) -> new HashSet<>()).addAll(record.names());
				series.add(List.of(record.instance(), record.resolution()));
			}
			for (List<String> instanceAndResolution : series) {
				byte[] index = this.keys.index(instanceAndResolution.get(0), instanceAndResolution.get(1));
				long ttl = this.options.ttl(instanceAndResolution.get(1)).toMillis();
				connection.zSetCommands().zRemRangeByScore(index, Double.NEGATIVE_INFINITY, now - ttl);
				connection.keyCommands().pExpire(index, ttl);
			}
			for (Map.Entry<String, Set<String>> instance : namesByInstance.entrySet()) {
				connection.zSetCommands().zAdd(this.keys.instances(), now, RedisKeys.bytes(instance.getKey()));
				byte[] instanceNames = this.keys.names(instance.getKey());
				for (String name : instance.getValue()) {
					byte[] member = RedisKeys.bytes(name);
					connection.zSetCommands().zAdd(this.keys.names(), now, member);
					connection.zSetCommands().zAdd(instanceNames, now, member);
				}
				connection.zSetCommands().zRemRangeByScore(instanceNames, Double.NEGATIVE_INFINITY, indexCutoff);
				connection.keyCommands().pExpire(instanceNames, indexTtl);
			}
			for (byte[] index : List.of(this.keys.instances(), this.keys.names())) {
				connection.zSetCommands().zRemRangeByScore(index, Double.NEGATIVE_INFINITY, indexCutoff);
				connection.keyCommands().pExpire(index, indexTtl);
			}
			connection.closePipeline();
		}
	}

	private void succeeded(List<Pending> batch) {
		long last = batch.get(batch.size() - 1).sequence();
		int left;
		this.lock.lock();
		try {
			// Records the overflow dropped meanwhile are gone already; remove what was written.
			while (!this.buffer.isEmpty() && this.buffer.peekFirst().sequence() <= last) {
				this.buffer.pollFirst();
			}
			this.written += batch.size();
			left = this.buffer.size();
			// Before the signal: whoever waits for the flush then sees when it was written.
			this.lastWriteTime = Instant.ofEpochMilli(this.clock.wallTime());
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (!this.connected) {
			logger.info("Metrics storage reached Redis again; " + left + " snapshots still buffered");
			this.connected = true;
		}
	}

	/**
	 * Record a failed batch and wait before the next attempt.
	 * @return false when the store is closing and the writer should give up
	 */
	private boolean failed(RuntimeException ex) {
		boolean wasConnected = this.connected;
		error(ex);
		if (wasConnected) {
			logger.warn("Metrics storage cannot write to Redis; buffering up to " + this.options.bufferSize()
					+ " snapshots and retrying every " + this.options.retryInterval() + ": " + describe(ex));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Metrics storage cannot write to Redis", ex);
		}
		this.lock.lock();
		try {
			this.failedWrites++;
			if (this.closing) {
				return false;
			}
			long wait = this.options.retryInterval().toNanos();
			while (wait > 0 && !this.closing) {
				wait = this.changed.awaitNanos(wait);
			}
			return !this.closing;
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void error(RuntimeException ex) {
		this.connected = false;
		this.lastError = describe(ex);
		this.lastErrorTime = Instant.ofEpochMilli(this.clock.wallTime());
	}

	private static String describe(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return (cause != ex) ? ex + " (" + cause + ")" : ex.toString();
	}

	/**
	 * The snapshots of one resolution with {@code from <= bucket < to}, oldest first, of
	 * one instance or of every instance of this service that shares the Redis, including
	 * those still buffered here. Never throws: when Redis cannot be read the answer holds
	 * only the buffered snapshots.
	 * @param resolution the resolution
	 * @param from first bucket, inclusive
	 * @param to last bucket, exclusive
	 * @param instance the instance to read, or {@code null} for every instance
	 * @return the snapshots
	 */
	public List<RedisEntry> read(String resolution, long from, long to, @Nullable String instance) {
		List<RedisEntry> entries = new ArrayList<>();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			List<String> instances = (instance != null) ? List.of(instance) : instances(connection);
			Range<Long> range = Range.rightOpen(from, to);
			connection.openPipeline();
			for (String each : instances) {
				connection.zSetCommands().zRangeByScore(this.keys.index(each, resolution), range);
			}
			List<Object> buckets = connection.closePipeline();
			List<byte[]> dataKeys = new ArrayList<>();
			List<String> owners = new ArrayList<>();
			List<Long> bucketOf = new ArrayList<>();
			for (int i = 0; i < instances.size(); i++) {
				for (Object member : (Iterable<?>) buckets.get(i)) {
					long bucket = Long.parseLong(RedisKeys.text((byte[]) member));
					dataKeys.add(this.keys.data(instances.get(i), resolution, bucket));
					owners.add(instances.get(i));
					bucketOf.add(bucket);
				}
			}
			List<byte[]> values = dataKeys.isEmpty() ? List.of()
					: connection.stringCommands().mGet(dataKeys.toArray(new byte[0][]));
			for (int i = 0; i < dataKeys.size(); i++) {
				byte[] value = values.get(i);
				if (value != null) {
					entries.add(new RedisEntry(owners.get(i), resolution, bucketOf.get(i), value));
				}
			}
			this.connected = true;
		}
		catch (RuntimeException ex) {
			this.readErrors.incrementAndGet();
			error(ex);
			logger.debug("Metrics storage cannot read from Redis", ex);
		}
		addBuffered(entries, resolution, from, to, instance);
		entries.sort(Comparator.comparingLong(RedisEntry::bucket).thenComparing(RedisEntry::instance));
		return entries;
	}

	private void addBuffered(List<RedisEntry> entries, String resolution, long from, long to,
			@Nullable String instance) {
		Set<String> present = new HashSet<>();
		for (RedisEntry entry : entries) {
			present.add(entry.instance() + ":" + entry.bucket());
		}
		this.lock.lock();
		try {
			for (Pending pending : this.buffer) {
				RedisRecord record = pending.record();
				if (record.resolution().equals(resolution) && record.bucket() >= from && record.bucket() < to
						&& (instance == null || instance.equals(record.instance()))
						&& present.add(record.instance() + ":" + record.bucket())) {
					entries.add(new RedisEntry(record.instance(), resolution, record.bucket(), record.payload()));
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The instances of this service that wrote within the longest TTL.
	 * @return their ids; empty when Redis cannot be read
	 */
	public List<String> instances() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return instances(connection);
		}
		catch (RuntimeException ex) {
			this.readErrors.incrementAndGet();
			error(ex);
			return List.of();
		}
	}

	private List<String> instances(RedisConnection connection) {
		long cutoff = this.clock.wallTime() - this.options.maxTtl().toMillis();
		Set<byte[]> members = connection.zSetCommands()
			.zRangeByScore(this.keys.instances(), Range.closed(cutoff, Long.MAX_VALUE));
		return (members != null) ? members.stream().map(RedisKeys::text).sorted().toList() : List.of();
	}

	/**
	 * The metric names written within the longest TTL.
	 * @param instance one instance's names, or {@code null} for every instance's of this
	 * service
	 * @return the names; empty when Redis cannot be read
	 */
	public List<String> names(@Nullable String instance) {
		long cutoff = this.clock.wallTime() - this.options.maxTtl().toMillis();
		byte[] key = (instance != null) ? this.keys.names(instance) : this.keys.names();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Set<byte[]> members = connection.zSetCommands().zRangeByScore(key, Range.closed(cutoff, Long.MAX_VALUE));
			return (members != null) ? members.stream().map(RedisKeys::text).sorted().toList() : List.of();
		}
		catch (RuntimeException ex) {
			this.readErrors.incrementAndGet();
			error(ex);
			return List.of();
		}
	}

	/**
	 * Wait until the buffer is empty.
	 * @param timeout how long to wait
	 * @return whether it emptied in time
	 */
	public boolean awaitFlushed(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.buffer.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.buffer.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * What the store reports about itself.
	 * @return the state
	 */
	public RedisStorageState state() {
		this.lock.lock();
		try {
			Pending oldest = this.buffer.peekFirst();
			Duration lag = (oldest != null) ? Duration.ofMillis(Math.max(0, this.clock.wallTime() - oldest.enqueued()))
					: Duration.ZERO;
			return new RedisStorageState(this.options.keyPrefix(), this.options.instance(), this.connected,
					this.buffer.size(), this.options.bufferSize(), this.dropped, this.written, this.failedWrites,
					this.readErrors.get(), this.lastError, this.lastErrorTime, this.lastWriteTime, lag);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop accepting records, give the writer up to {@code timeout} to write what is
	 * buffered (it stops at the first failure), then stop it.
	 * @param timeout how long to wait for the buffer to be written
	 */
	public void close(Duration timeout) {
		this.lock.lock();
		try {
			this.closing = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		try {
			this.writer.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writer.interrupt();
	}

	/**
	 * Close, waiting up to five seconds for the buffer to be written.
	 */
	@Override
	public void close() {
		close(Duration.ofSeconds(5));
	}

	private record Pending(long sequence, long enqueued, RedisRecord record) {
	}

}
