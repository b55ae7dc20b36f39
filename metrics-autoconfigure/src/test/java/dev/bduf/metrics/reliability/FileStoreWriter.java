package dev.bduf.metrics.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.file.FileMetricsStorage;
import dev.bduf.metrics.storage.file.FileStorageOptions;
import dev.bduf.metrics.storage.file.FsyncPolicy;
import io.micrometer.core.instrument.Clock;

/**
 * The child process of {@link FileStoreCrashTests}: opens the file store in a directory
 * and writes one snapshot per sequence number, from {@code first} on, as fast as it can,
 * printing {@code ACK n} once the write of snapshot {@code n} returned. It never stops by
 * itself before {@code first + limit}: the test kills it with {@code kill -9}.
 */
public final class FileStoreWriter {

	static final String SERIES = "crash.sequence";

	private FileStoreWriter() {
	}

	/**
	 * Run.
	 * @param args directory, base epoch millis, first sequence number, limit, fsync policy
	 */
	public static void main(String[] args) {
		Path directory = Path.of(args[0]);
		Instant base = Instant.ofEpochMilli(Long.parseLong(args[1]));
		long first = Long.parseLong(args[2]);
		long limit = Long.parseLong(args[3]);
		FsyncPolicy fsync = FsyncPolicy.valueOf(args[4]);
		FileMetricsStorage storage = new FileMetricsStorage(FileStorageOptions.defaults(directory).withFsync(fsync),
				Retention.DEFAULT, Clock.SYSTEM);
		System.out.println("READY " + storage.details().values().iterator().next().recoveredRecords());
		for (long n = first; n < first + limit; n++) {
			storage.write(snapshot(base, n));
			System.out.println("ACK " + n);
			System.out.flush();
		}
		storage.close();
		System.out.println("DONE");
	}

	static StepSnapshot snapshot(Instant base, long n) {
		SeriesPoint point = SeriesPoint.counter(SERIES, null, Map.of("writer", "child"), 1.0, n);
		// A large-ish payload, so a kill lands inside a record more often than between two.
		SeriesPoint padding = SeriesPoint.gauge("crash.padding", null, Map.of("text", "x".repeat(2000)), n);
		return new StepSnapshot(base.plus(Duration.ofSeconds(n)), Duration.ofSeconds(1), "crash-writer",
				List.of(point, padding));
	}

}
