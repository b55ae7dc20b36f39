package dev.bduf.metrics.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FileMetricsStorageTests {

	private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

	@TempDir
	Path directory;

	private final MockClock clock = new MockClock();

	@BeforeEach
	void startClock() {
		this.clock.add(T0.toEpochMilli() - this.clock.wallTime(), TimeUnit.MILLISECONDS);
	}

	@Test
	void writesAndReadsSnapshotsByNameTagsResolutionAndInstance() {
		try (FileMetricsStorage storage = open()) {
			assertThat(storage.backend()).isEqualTo("file");
			assertThat(storage.retention()).isEqualTo(Retention.DEFAULT);
			for (int i = 0; i < 6; i++) {
				storage.write(snapshot(Resolution.RAW, T0.plusSeconds(10L * i), "host-1", i));
			}
			storage.write(snapshot(Resolution.MINUTE, T0, "host-1", 100));
			storage.write(snapshot(Resolution.RAW, T0, "host-2", 200));

			List<StoredPoint> raw = storage.read(read("orders.placed", Map.of("shard", "a"), Resolution.RAW, null, 100));
			assertThat(raw).extracting((point) -> point.point().sum()).containsExactlyInAnyOrder(0.0, 1.0, 2.0, 3.0, 4.0,
					5.0, 200.0);
			assertThat(raw).allSatisfy((point) -> assertThat(point.step()).isEqualTo(Duration.ofSeconds(10)));
			assertThat(storage.read(read("orders.placed", Map.of("shard", "a"), Resolution.RAW, "host-2", 100)))
				.singleElement()
				.satisfies((point) -> {
					assertThat(point.instanceId()).isEqualTo("host-2");
					assertThat(point.start()).isEqualTo(T0);
				});
			assertThat(storage.read(read("orders.placed", Map.of(), Resolution.MINUTE, null, 100))).hasSize(2);
			assertThat(storage.read(read("queue.size", Map.of(), Resolution.TEN_MINUTES, null, 100))).isEmpty();
			assertThat(storage.read(read("orders.placed", Map.of(), Resolution.RAW, null, 3)))
				.as("one more than asked, so the caller sees the truncation")
				.hasSize(4);
			StorageRead window = new StorageRead("orders.placed", Map.of("shard", "a"), T0.plusSeconds(10),
					T0.plusSeconds(30), Resolution.RAW, "host-1", 100);
			assertThat(storage.read(window)).extracting(StoredPoint::start)
				.containsExactly(T0.plusSeconds(10), T0.plusSeconds(20));

			assertThat(storage.names(null)).containsExactly("orders.placed", "queue.size");
			storage.write(new StepSnapshot(T0.plusSeconds(60), Duration.ofSeconds(10), "host-3",
					List.of(SeriesPoint.gauge("only.three", null, Map.of(), 1))));
			assertThat(storage.names("host-3")).containsExactly("only.three");
			StorageState state = storage.state();
			assertThat(state.written()).isEqualTo(9);
			assertThat(state.dropped()).isZero();
			assertThat(state.healthy()).isTrue();
			assertThat(state.lastWrite()).isEqualTo(T0);
			assertThat(storage.details()).containsOnlyKeys(Resolution.values());
		}
		assertThat(this.directory.resolve("raw")).isDirectory();
		assertThat(this.directory.resolve("1m")).isDirectory();
		assertThat(this.directory.resolve("10m")).isDirectory();
	}

	@Test
	void aRestartKeepsHistoryAndNames() {
		try (FileMetricsStorage storage = open()) {
			storage.write(snapshot(Resolution.RAW, T0, "host-1", 1));
			storage.write(snapshot(Resolution.TEN_MINUTES, T0, "host-1", 2));
		}
		try (FileMetricsStorage storage = open()) {
			assertThat(storage.names("host-1")).containsExactly("orders.placed", "queue.size");
			assertThat(storage.names("host-9")).isEmpty();
			assertThat(storage.read(read("queue.size", Map.of(), Resolution.TEN_MINUTES, "host-1", 10)))
				.singleElement()
				.satisfies((point) -> assertThat(point.point().last()).isEqualTo(2.0));
			assertThat(storage.details().get(Resolution.RAW).recoveredRecords()).isEqualTo(1);
		}
	}

	@Test
	void retentionFollowsEachResolution() {
		Retention retention = new Retention(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ZERO);
		try (FileMetricsStorage storage = new FileMetricsStorage(FileStorageOptions.defaults(this.directory)
			.withFsync(FsyncPolicy.NEVER), retention, this.clock)) {
			for (int i = 0; i < 20; i++) {
				storage.write(snapshot(Resolution.RAW, T0.plusSeconds(10L * i), "host-1", i));
				storage.write(snapshot(Resolution.MINUTE, T0.plusSeconds(10L * i), "host-1", i));
			}
			this.clock.add(Duration.ofMinutes(5));
			storage.write(snapshot(Resolution.RAW, T0.plusSeconds(300), "host-1", 99));
			storage.write(snapshot(Resolution.MINUTE, T0.plusSeconds(300), "host-1", 99));
			StorageRead everything = new StorageRead("queue.size", Map.of(), Instant.EPOCH, T0.plus(Duration.ofDays(1)),
					Resolution.RAW, null, 1000);
			assertThat(storage.read(everything)).as("raw keeps a minute").hasSizeLessThan(21);
			assertThat(storage.details().get(Resolution.RAW).deletedSegments()).isPositive();
			assertThat(storage.read(new StorageRead("queue.size", Map.of(), Instant.EPOCH, T0.plus(Duration.ofDays(1)),
					Resolution.MINUTE, null, 1000)))
				.as("a minute keeps an hour")
				.hasSize(21);
		}
	}

	@Test
	void anUnusableDirectoryDegradesAndCountsDroppedSnapshots() throws Exception {
		Path file = Files.writeString(this.directory.resolve("file"), "x");
		try (FileMetricsStorage storage = new FileMetricsStorage(FileStorageOptions.defaults(file.resolve("history")),
				Retention.DEFAULT, this.clock)) {
			storage.write(snapshot(Resolution.RAW, T0, "host-1", 1));
			StorageState state = storage.state();
			assertThat(state.healthy()).isFalse();
			assertThat(state.dropped()).isEqualTo(1);
			assertThat(state.lastError()).contains("history");
			assertThat(storage.read(read("queue.size", Map.of(), Resolution.RAW, null, 10))).isEmpty();
			assertThat(storage.names(null)).isEmpty();
		}
	}

	@Test
	void recordsTheCodecCannotReadAreSkippedAndCounted() {
		try (SegmentLog log = SegmentLog.open(FileStorageOptions.defaults(this.directory.resolve("raw"))
			.withFsync(FsyncPolicy.NEVER), this.clock)) {
			log.append(T0.toEpochMilli(), new byte[] { 1, 2, 3 });
		}
		try (FileMetricsStorage storage = open()) {
			storage.write(snapshot(Resolution.RAW, T0.plusSeconds(10), "host-1", 1));
			assertThat(storage.read(read("queue.size", Map.of(), Resolution.RAW, null, 10))).hasSize(1);
			assertThat(storage.undecodable()).isEqualTo(1);
			assertThat(storage.names(null)).containsExactly("orders.placed", "queue.size");
		}
	}

	private FileMetricsStorage open() {
		return new FileMetricsStorage(FileStorageOptions.defaults(this.directory).withFsync(FsyncPolicy.NEVER),
				Retention.DEFAULT, this.clock);
	}

	static StepSnapshot snapshot(Resolution resolution, Instant start, String instance, double value) {
		return new StepSnapshot(start, Duration.ofSeconds(10), resolution, instance,
				List.of(SeriesPoint.counter("orders.placed", null, Map.of("shard", "a"), value, value),
						SeriesPoint.counter("orders.placed", null, Map.of("shard", "b"), 1, 1),
						SeriesPoint.gauge("queue.size", "items", Map.of(), value)));
	}

	static StorageRead read(String name, Map<String, String> tags, Resolution resolution, String instance,
			int maxPoints) {
		return new StorageRead(name, tags, Instant.EPOCH, T0.plus(Duration.ofDays(1)), resolution, instance,
				maxPoints);
	}

}
