package dev.bduf.metrics.storage;

import java.util.List;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;

/**
 * What the persistent backends share when they answer a {@link StorageRead} from stored
 * {@link StepSnapshot}s: the selection of points and the names under which each
 * {@link Resolution} is stored.
 */
public final class SnapshotReads {

	private SnapshotReads() {
	}

	/**
	 * Add the points of a snapshot that a read asks for (its name and tags; the caller
	 * picked the time range, resolution and instance).
	 * @param snapshot a stored snapshot
	 * @param read the read
	 * @param into where the points go
	 * @return false once {@code into} holds {@code read.maxPoints() + 1} points, so the
	 * caller can stop reading
	 */
	public static boolean collect(StepSnapshot snapshot, StorageRead read, List<StoredPoint> into) {
		for (SeriesPoint point : snapshot.points()) {
			if (into.size() > read.maxPoints()) {
				return false;
			}
			if (point.name().equals(read.name()) && read.matches(point.tags())) {
				into.add(new StoredPoint(snapshot.start(), snapshot.step(), snapshot.instanceId(), point));
			}
		}
		return into.size() <= read.maxPoints();
	}

	/**
	 * The short name of a resolution in file and key names.
	 * @param resolution the resolution
	 * @return {@code raw}, {@code 1m} or {@code 10m}
	 */
	public static String key(Resolution resolution) {
		return switch (resolution) {
			case RAW -> "raw";
			case MINUTE -> "1m";
			case TEN_MINUTES -> "10m";
		};
	}

}
