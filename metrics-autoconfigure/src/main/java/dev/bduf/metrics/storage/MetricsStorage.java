package dev.bduf.metrics.storage;

import java.util.List;
import java.util.SortedSet;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.StepSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Where the metric history is kept: the SPI of the {@code memory}, {@code file} and
 * {@code redis} backends ({@code bduf.metrics.storage.type}).
 * <p>
 * The history recorder calls {@link #write} on its own background thread, once per raw
 * step and once per completed rollup, so a backend sees snapshots of every
 * {@link dev.bduf.metrics.history.Resolution} and keeps each for its
 * {@link #retention()}. Reads come from the query engine on the caller's thread, and
 * may run concurrently with writes.
 * <p>
 * Implementations never throw from {@link #write}, {@link #read}, {@link #names} or
 * {@link #state}: a failure is counted and reported through {@link #state()}, and a
 * read that fails answers what it could read (or nothing). {@code write} must not block
 * for long (a slow disk or network is buffered up to a bound, beyond which snapshots are
 * dropped and counted).
 */
public interface MetricsStorage extends AutoCloseable {

	/**
	 * The backend's name, as in {@code bduf.metrics.storage.type}.
	 * @return for example {@code "memory"}
	 */
	String backend();

	/**
	 * Store a snapshot: raw ({@link dev.bduf.metrics.history.Resolution#RAW}) or a
	 * rollup. Snapshots of one resolution and instance arrive in time order.
	 * @param snapshot the snapshot
	 */
	void write(StepSnapshot snapshot);

	/**
	 * Read stored points.
	 * @param read which series, time range, resolution and instances
	 * @return the matching points in any order; at most {@code read.maxPoints() + 1}, so
	 * that a caller sees when an answer would be truncated
	 */
	List<StoredPoint> read(StorageRead read);

	/**
	 * The meter names that have history.
	 * @param instanceId one instance's names, or {@code null} for every instance that
	 * shares this storage
	 * @return the names, sorted
	 */
	SortedSet<String> names(@Nullable String instanceId);

	/**
	 * How long each resolution is kept.
	 * @return the retention
	 */
	Retention retention();

	/**
	 * A number that changes whenever the stored points of a resolution may have changed
	 * (a write, an eviction), for any instance. The query engine keeps merged answers of
	 * completed rollups while it is unchanged. The default, {@code -1}, means the backend
	 * cannot tell (other instances write to it, for example), so nothing is kept.
	 * @param resolution the resolution
	 * @return the version, or {@code -1}
	 */
	default long version(Resolution resolution) {
		return -1;
	}

	/**
	 * Whether several instances write to this storage, so that a read without an instance
	 * id (cluster scope) sees all of them. The default, {@code false}, is for storage that
	 * holds this instance's history only (memory, files).
	 * @return {@code true} for shared storage such as Redis
	 */
	default boolean sharedAcrossInstances() {
		return false;
	}

	/**
	 * The backend's state, for the health indicator and collector stats.
	 * @return the state
	 */
	StorageState state();

	/**
	 * Flush what is buffered, as far as it can without blocking for long, and release
	 * resources.
	 */
	@Override
	default void close() {
	}

}
