package dev.bduf.metrics.storage.file;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * The {@code file} backend: one {@link SegmentLog} per {@link Resolution}, in the
 * sub-directories {@code raw}, {@code 1m} and {@code 10m} of the storage directory, each
 * record a snapshot in {@link SnapshotCodec}'s form stamped with its step start. Each
 * log keeps its resolution's retention; its segments span at most a quarter of it, so
 * at most a quarter more than the retention stays on disk.
 */
public final class FileMetricsStorage implements MetricsStorage {

	private static final Log logger = LogFactory.getLog(FileMetricsStorage.class);

	private final Map<Resolution, SegmentLog> logs = new EnumMap<>(Resolution.class);

	private final Retention retention;

	private final AtomicLong undecodable = new AtomicLong();

	private final AtomicLong unencodable = new AtomicLong();

	private volatile @Nullable Map<String, Set<String>> names;

	/**
	 * Open (and recover) the logs. Never throws: an unusable directory leaves the
	 * storage degraded.
	 * @param options the storage directory and the segment and fsync settings (its
	 * retention is replaced by each resolution's)
	 * @param retention how long each resolution is kept
	 * @param clock the clock for retention
	 */
	public FileMetricsStorage(FileStorageOptions options, Retention retention, Clock clock) {
		this.retention = retention;
		for (Resolution resolution : Resolution.values()) {
			this.logs.put(resolution, SegmentLog.open(optionsFor(options, resolution), clock));
		}
	}

	private FileStorageOptions optionsFor(FileStorageOptions options, Resolution resolution) {
		Duration keep = this.retention.of(resolution);
		if (keep.toMillis() < 1) {
			keep = Duration.ofMillis(1);
		}
		Duration span = keep.dividedBy(4);
		if (span.compareTo(Duration.ofSeconds(1)) < 0) {
			span = Duration.ofSeconds(1);
		}
		if (span.compareTo(options.segmentDuration()) > 0) {
			span = options.segmentDuration();
		}
		return new FileStorageOptions(options.directory().resolve(SnapshotReads.key(resolution)), options.fsync(),
				options.fsyncInterval(), options.maxSegmentSize(), span, keep, options.maxRecordSize(),
				options.retryInterval());
	}

	@Override
	public String backend() {
		return "file";
	}

	@Override
	public void write(StepSnapshot snapshot) {
		byte[] bytes;
		try {
			bytes = SnapshotCodec.encode(snapshot);
		}
		catch (RuntimeException ex) {
			this.unencodable.incrementAndGet();
			logger.debug("Could not encode a snapshot", ex);
			return;
		}
		if (this.logs.get(snapshot.resolution()).append(snapshot.start().toEpochMilli(), bytes)) {
			Map<String, Set<String>> index = this.names;
			if (index != null) {
				remember(index, snapshot);
			}
		}
	}

	@Override
	public List<StoredPoint> read(StorageRead read) {
		List<StoredPoint> points = new ArrayList<>();
		List<StoredRecord> records = this.logs.get(read.resolution())
			.read(read.from().toEpochMilli(), read.to().toEpochMilli());
		for (StoredRecord record : records) {
			StepSnapshot snapshot = decode(record);
			if (snapshot == null || (read.instanceId() != null && !read.instanceId().equals(snapshot.instanceId()))
					|| !read.contains(snapshot.start())) {
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
		Map<String, Set<String>> index = namesIndex();
		TreeSet<String> result = new TreeSet<>();
		if (instanceId != null) {
			result.addAll(index.getOrDefault(instanceId, Set.of()));
		}
		else {
			index.values().forEach(result::addAll);
		}
		return Collections.unmodifiableSortedSet(result);
	}

	/**
	 * Built from the whole history on first use, then kept up to date by writes.
	 */
	private Map<String, Set<String>> namesIndex() {
		Map<String, Set<String>> index = this.names;
		if (index == null) {
			synchronized (this) {
				index = this.names;
				if (index == null) {
					Map<String, Set<String>> built = new ConcurrentHashMap<>();
					for (SegmentLog log : this.logs.values()) {
						for (StoredRecord record : log.read(Long.MIN_VALUE, Long.MAX_VALUE)) {
							StepSnapshot snapshot = decode(record);
							if (snapshot != null) {
								remember(built, snapshot);
							}
						}
					}
					this.names = built;
					index = built;
				}
			}
		}
		return index;
	}

	private static void remember(Map<String, Set<String>> index, StepSnapshot snapshot) {
		Set<String> names = index.computeIfAbsent(snapshot.instanceId(), (id) -> ConcurrentHashMap.newKeySet());
		for (SeriesPoint point : snapshot.points()) {
			names.add(point.name());
		}
	}

	private @Nullable StepSnapshot decode(StoredRecord record) {
		try {
			return SnapshotCodec.decode(record.payload());
		}
		catch (RuntimeException ex) {
			// The frame's CRC held, so the bytes are what was written: another codec version.
			this.undecodable.incrementAndGet();
			logger.debug("Could not decode a stored snapshot", ex);
			return null;
		}
	}

	@Override
	public Retention retention() {
		return this.retention;
	}

	@Override
	public StorageState state() {
		long written = 0;
		long dropped = this.unencodable.get();
		Instant lastWrite = null;
		String lastError = null;
		for (SegmentLog log : this.logs.values()) {
			FileStorageState state = log.state();
			written += state.appended();
			dropped += state.droppedWrites();
			if (state.lastWriteTime() != null && (lastWrite == null || state.lastWriteTime().isAfter(lastWrite))) {
				lastWrite = state.lastWriteTime();
			}
			if (state.degraded() && lastError == null) {
				lastError = state.lastError();
			}
		}
		return new StorageState(backend(), lastWrite, written, 0, dropped, Duration.ZERO, lastError);
	}

	/**
	 * The state of each resolution's log: segments, recovery, fsync, failures.
	 * @return the states by resolution
	 */
	public Map<Resolution, FileStorageState> details() {
		Map<Resolution, FileStorageState> details = new EnumMap<>(Resolution.class);
		this.logs.forEach((resolution, log) -> details.put(resolution, log.state()));
		return details;
	}

	/**
	 * Snapshots read back that the codec could not decode.
	 * @return how many
	 */
	public long undecodable() {
		return this.undecodable.get();
	}

	@Override
	public void close() {
		this.logs.values().forEach(SegmentLog::close);
	}

}
