package dev.bduf.metrics.storage.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the history in the heap: per instance, resolution and series, a ring buffer of
 * {@code retention / step} points (360 raw points of 10 seconds, 1,440 one-minute points
 * and 4,320 ten-minute points with the default retention). A ring grows as points
 * arrive, so a short-lived series costs what it holds; a series that stops reporting is
 * dropped once its newest point is older than the retention.
 * <p>
 * A point takes 48 bytes in the ring's columns (start, count, sum, min, max, last),
 * plus, when it has a sketch, a reference and the {@link Sketch} (about 40 bytes of
 * object headers and its encoding, typically 20 to 80 bytes): see
 * {@link #estimatedBytes()} and the README for measured figures. Writes take a write
 * lock, reads a read lock.
 */
public final class MemoryMetricsStorage implements MetricsStorage {

	private final Retention retention;

	private final Duration rawStep;

	private final Clock clock;

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private final Map<Key, Ring> rings = new HashMap<>();

	private final EnumMap<Resolution, Map<String, List<Ring>>> byName = new EnumMap<>(Resolution.class);

	private final long[] versions = new long[Resolution.values().length];

	private volatile long written;

	private volatile long dropped;

	private volatile long lastWrite = Long.MIN_VALUE;

	/**
	 * Create a memory storage.
	 * @param retention how long each resolution is kept
	 * @param rawStep the recorder's step, which sizes the raw rings
	 * @param clock the clock of {@link StorageState#lastWrite()}
	 */
	public MemoryMetricsStorage(Retention retention, Duration rawStep, Clock clock) {
		this.retention = Objects.requireNonNull(retention, "retention");
		this.rawStep = Objects.requireNonNull(rawStep, "rawStep");
		this.clock = Objects.requireNonNull(clock, "clock");
		if (rawStep.isZero() || rawStep.isNegative()) {
			throw new IllegalArgumentException("rawStep must be positive: " + rawStep);
		}
		for (Resolution resolution : Resolution.values()) {
			this.byName.put(resolution, new HashMap<>());
		}
	}

	@Override
	public String backend() {
		return "memory";
	}

	@Override
	public void write(StepSnapshot snapshot) {
		Resolution resolution = snapshot.resolution();
		long start = snapshot.start().toEpochMilli();
		int capacity = capacity(resolution);
		long horizon = start - this.retention.of(resolution).toMillis();
		this.lock.writeLock().lock();
		try {
			long late = 0;
			for (SeriesPoint point : snapshot.points()) {
				Key key = new Key(snapshot.instanceId(), resolution, point.name(), point.kind(), point.tags());
				Ring ring = this.rings.get(key);
				if (ring == null) {
					ring = new Ring(key, point.baseUnit(), capacity);
					this.rings.put(key, ring);
					this.byName.get(resolution).computeIfAbsent(point.name(), (name) -> new ArrayList<>()).add(ring);
				}
				if (!ring.add(start, point)) {
					late++;
				}
			}
			evict(resolution, snapshot.instanceId(), horizon);
			this.versions[resolution.ordinal()]++;
			this.dropped += late;
			this.written++;
			this.lastWrite = this.clock.wallTime();
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private void evict(Resolution resolution, String instanceId, long horizon) {
		Map<String, List<Ring>> names = this.byName.get(resolution);
		for (Iterator<List<Ring>> lists = names.values().iterator(); lists.hasNext();) {
			List<Ring> list = lists.next();
			list.removeIf((ring) -> {
				boolean stale = ring.key.instanceId().equals(instanceId) && ring.newest() < horizon;
				if (stale) {
					this.rings.remove(ring.key);
				}
				return stale;
			});
			if (list.isEmpty()) {
				lists.remove();
			}
		}
	}

	private int capacity(Resolution resolution) {
		long step = resolution.step(this.rawStep).toMillis();
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE - 8, this.retention.of(resolution).toMillis() / step));
	}

	@Override
	public List<StoredPoint> read(StorageRead read) {
		List<StoredPoint> result = new ArrayList<>();
		long from = read.from().toEpochMilli();
		long to = read.to().toEpochMilli();
		Duration step = read.resolution().step(this.rawStep);
		this.lock.readLock().lock();
		try {
			List<Ring> list = this.byName.get(read.resolution()).get(read.name());
			if (list == null) {
				return result;
			}
			for (Ring ring : list) {
				if ((read.instanceId() == null || read.instanceId().equals(ring.key.instanceId()))
						&& read.matches(ring.key.tags())) {
					long horizon = ring.newest() - this.retention.of(read.resolution()).toMillis();
					if (!ring.read(Math.max(from, horizon), to, step, read.maxPoints() + 1, result)) {
						break;
					}
				}
			}
			return result;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	@Override
	public long version(Resolution resolution) {
		this.lock.readLock().lock();
		try {
			return this.versions[resolution.ordinal()];
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	@Override
	public SortedSet<String> names(@Nullable String instanceId) {
		SortedSet<String> names = new TreeSet<>();
		this.lock.readLock().lock();
		try {
			for (Ring ring : this.rings.values()) {
				if (instanceId == null || instanceId.equals(ring.key.instanceId())) {
					names.add(ring.key.name());
				}
			}
		}
		finally {
			this.lock.readLock().unlock();
		}
		return names;
	}

	@Override
	public Retention retention() {
		return this.retention;
	}

	@Override
	public StorageState state() {
		long last = this.lastWrite;
		return new StorageState(backend(), (last != Long.MIN_VALUE) ? Instant.ofEpochMilli(last) : null, this.written,
				0, this.dropped, Duration.ZERO, null);
	}

	/**
	 * The number of series rings held, over every resolution and instance.
	 * @return the count
	 */
	public int rings() {
		this.lock.readLock().lock();
		try {
			return this.rings.size();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * The points held, over every ring.
	 * @return the count
	 */
	public long points() {
		this.lock.readLock().lock();
		try {
			long points = 0;
			for (Ring ring : this.rings.values()) {
				points += ring.size;
			}
			return points;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * An estimate of the heap the points take: the rings' column arrays (as allocated,
	 * including free room), the sketches and their encodings, with 64-bit JVM object
	 * sizes and compressed references. Excludes the keys and tag maps, which are shared
	 * with the meters.
	 * @return bytes
	 */
	public long estimatedBytes() {
		this.lock.readLock().lock();
		try {
			long bytes = 0;
			for (Ring ring : this.rings.values()) {
				bytes += ring.estimatedBytes();
			}
			return bytes;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	private record Key(String instanceId, Resolution resolution, String name, MeterKind kind,
			SortedMap<String, String> tags) {
	}

	/**
	 * The points of one series at one resolution, oldest overwritten first.
	 */
	private static final class Ring {

		private static final int ARRAY_HEADER = 16;

		private final Key key;

		private final @Nullable String baseUnit;

		private final int capacity;

		private long[] starts;

		private long[] counts;

		private double[] sums;

		private double[] mins;

		private double[] maxes;

		private double[] lasts;

		private Sketch @Nullable [] sketches;

		private int head;

		private int size;

		Ring(Key key, @Nullable String baseUnit, int capacity) {
			this.key = key;
			this.baseUnit = baseUnit;
			this.capacity = capacity;
			int initial = Math.min(capacity, 8);
			this.starts = new long[initial];
			this.counts = new long[initial];
			this.sums = new double[initial];
			this.mins = new double[initial];
			this.maxes = new double[initial];
			this.lasts = new double[initial];
		}

		long newest() {
			return (this.size == 0) ? Long.MIN_VALUE : this.starts[slot(this.size - 1)];
		}

		private int slot(int i) {
			return (this.head + i) % this.starts.length;
		}

		boolean add(long start, SeriesPoint point) {
			int index;
			if (this.size > 0 && start <= newest()) {
				if (start != newest()) {
					return false;
				}
				index = slot(this.size - 1);
			}
			else {
				if (this.size == this.starts.length && this.size < this.capacity) {
					grow();
				}
				if (this.size == this.starts.length) {
					index = this.head;
					this.head = (this.head + 1) % this.starts.length;
				}
				else {
					index = slot(this.size);
					this.size++;
				}
			}
			this.starts[index] = start;
			this.counts[index] = point.count();
			this.sums[index] = point.sum();
			this.mins[index] = point.min();
			this.maxes[index] = point.max();
			this.lasts[index] = point.last();
			Sketch sketch = point.sketch();
			if (sketch != null && this.sketches == null) {
				this.sketches = new Sketch[this.starts.length];
			}
			if (this.sketches != null) {
				this.sketches[index] = sketch;
			}
			return true;
		}

		private void grow() {
			int length = Math.min(this.capacity, Math.max(8, this.starts.length * 2));
			if (this.sketches != null) {
				Sketch[] grown = new Sketch[length];
				for (int i = 0; i < this.size; i++) {
					grown[i] = this.sketches[slot(i)];
				}
				this.sketches = grown;
			}
			this.starts = unroll(this.starts, length);
			this.counts = unroll(this.counts, length);
			this.sums = unroll(this.sums, length);
			this.mins = unroll(this.mins, length);
			this.maxes = unroll(this.maxes, length);
			this.lasts = unroll(this.lasts, length);
			this.head = 0;
		}

		private long[] unroll(long[] array, int length) {
			long[] grown = new long[length];
			for (int i = 0; i < this.size; i++) {
				grown[i] = array[(this.head + i) % array.length];
			}
			return grown;
		}

		private double[] unroll(double[] array, int length) {
			double[] grown = new double[length];
			for (int i = 0; i < this.size; i++) {
				grown[i] = array[(this.head + i) % array.length];
			}
			return grown;
		}

		boolean read(long from, long to, Duration step, int limit, List<StoredPoint> into) {
			for (int i = firstAtOrAfter(from); i < this.size; i++) {
				int index = slot(i);
				long start = this.starts[index];
				if (start >= to) {
					break;
				}
				if (into.size() >= limit) {
					return false;
				}
				Sketch sketch = (this.sketches != null) ? this.sketches[index] : null;
				SeriesPoint point = new SeriesPoint(this.key.name(), this.key.kind(), this.baseUnit, this.key.tags(),
						this.counts[index], this.sums[index], this.mins[index], this.maxes[index], this.lasts[index],
						sketch);
				into.add(new StoredPoint(Instant.ofEpochMilli(start), step, this.key.instanceId(), point));
			}
			return true;
		}

		/** The position of the oldest point starting at or after {@code from}: starts ascend. */
		private int firstAtOrAfter(long from) {
			int low = 0;
			int high = this.size;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.starts[slot(middle)] < from) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			return low;
		}

		long estimatedBytes() {
			long bytes = 6L * (ARRAY_HEADER + 8L * this.starts.length);
			if (this.sketches != null) {
				bytes += ARRAY_HEADER + 4L * this.sketches.length;
				for (int i = 0; i < this.size; i++) {
					Sketch sketch = this.sketches[slot(i)];
					if (sketch != null) {
						// Sketch: header 12 + ref 4 + double 8 + long 8 = 32; byte[]: 16 + length, 8-aligned
						bytes += 32 + ((ARRAY_HEADER + sketch.sizeInBytes() + 7) & ~7);
					}
				}
			}
			return bytes;
		}

	}

	@Override
	public String toString() {
		return "MemoryMetricsStorage[rings=" + rings() + ", retention=" + this.retention + "]";
	}

}
