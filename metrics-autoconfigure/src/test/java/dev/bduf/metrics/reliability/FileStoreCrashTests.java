package dev.bduf.metrics.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.storage.SnapshotReads;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StoredPoint;
import dev.bduf.metrics.storage.file.FileMetricsStorage;
import dev.bduf.metrics.storage.file.FileStorageOptions;
import dev.bduf.metrics.storage.file.FileStorageState;
import dev.bduf.metrics.storage.file.FsyncPolicy;
import dev.bduf.metrics.test.RandomInputs;
import io.micrometer.core.instrument.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file store's process is killed with {@code kill -9} in the middle of its writes, and
 * started again, several times: every snapshot whose write had returned is read back, none
 * twice; a torn tail (a record cut off by the kill, or by a disk that lost its end) is
 * found by its checksum, cut off and reported, and the store goes on writing after it.
 * <p>
 * The writer is a child JVM ({@link FileStoreWriter}) on this test's class path, killed
 * with {@link ProcessHandle#destroyForcibly()} (SIGKILL on Linux). Where each kill lands comes
 * from a seed, printed and replayable with {@code -Dbduf.random.seed}.
 */
class FileStoreCrashTests {

	private static final int CYCLES = 4;

	@TempDir
	Path directory;

	@Test
	void everyAcknowledgedSnapshotSurvivesKillNineAndATornTailIsCutOffAndReported() throws Exception {
		long seed = RandomInputs.seed(0);
		System.out.println("FileStoreCrashTests seed: " + seed + " (replay with -D" + RandomInputs.SEED_PROPERTY
				+ "=" + seed + ")");
		Random random = new Random(seed);
		Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
		long next = 0;
		long acknowledged = -1;
		for (int cycle = 0; cycle < CYCLES; cycle++) {
			int killAfter = 20 + random.nextInt(300);
			long lastAck = runAndKill(base, next, killAfter);
			assertThat(lastAck).as("cycle %d acknowledged writes", cycle).isGreaterThanOrEqualTo(next + killAfter - 1);
			acknowledged = lastAck;
			// The next writer starts after what the last one may have written past its last ACK
			// line: a write can land on disk between the return and the print.
			next = lastAck + 2;
		}
		// A disk that lost the end of the last record: half a frame of garbage at the tail.
		Path segment = newestRawSegment();
		byte[] garbage = new byte[57];
		random.nextBytes(garbage);
		Files.write(segment, garbage, StandardOpenOption.APPEND);

		FileMetricsStorage reopened = new FileMetricsStorage(FileStorageOptions.defaults(this.directory),
				Retention.DEFAULT, Clock.SYSTEM);
		try {
			FileStorageState raw = reopened.details().get(Resolution.RAW);
			assertThat(raw.recoveryDroppedBytes()).as("the torn tail is cut off").isGreaterThanOrEqualTo(garbage.length);
			assertThat(raw.recoveryProblems()).as("and reported").isNotEmpty();
			assertThat(reopened.state().lastError()).satisfiesAnyOf((error) -> assertThat(error).isNull(),
					(error) -> assertThat(error).isNotBlank());

			TreeSet<Long> read = sequences(reopened, base);
			List<Long> missing = new ArrayList<>(this.acks);
			missing.removeAll(read);
			assertThat(missing).as("acknowledged snapshots lost").isEmpty();
			assertThat(this.acks).hasSizeGreaterThanOrEqualTo(CYCLES * 20);
			System.out.println("FileStoreCrashTests: " + CYCLES + " kills, " + this.acks.size()
					+ " acknowledged snapshots, " + read.size() + " read back, torn tail of "
					+ raw.recoveryDroppedBytes() + " bytes cut off: " + raw.recoveryProblems());

			// The store writes on after the recovery, and reads what it wrote.
			reopened.write(FileStoreWriter.snapshot(base, acknowledged + 10));
			assertThat(sequences(reopened, base)).contains(acknowledged + 10);
		}
		finally {
			reopened.close();
		}
	}

	private final TreeSet<Long> acks = new TreeSet<>();

	private long runAndKill(Instant base, long first, int killAfter) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				FileStoreWriter.class.getName(), this.directory.toString(), Long.toString(base.toEpochMilli()),
				Long.toString(first), "1000000", FsyncPolicy.NEVER.name())
			.redirectErrorStream(true)
			.start();
		long lastAck = -1;
		int count = 0;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			String line;
			while (count < killAfter && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
				if (line.startsWith("ACK ")) {
					lastAck = Long.parseLong(line.substring(4));
					this.acks.add(lastAck);
					count++;
				}
			}
			// SIGKILL through the handle: unlike Process#destroyForcibly it leaves our end of the
			// pipe open, so the ACK lines printed before the kill can still be read.
			process.toHandle().destroyForcibly();
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the writer died").isTrue();
			// Lines printed before the kill are acknowledged too.
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("ACK ")) {
					lastAck = Long.parseLong(line.substring(4));
					this.acks.add(lastAck);
				}
			}
		}
		finally {
			process.destroyForcibly();
		}
		assertThat(count).as("ACK lines before the kill").isEqualTo(killAfter);
		assertThat(process.exitValue()).as("killed, not exited").isNotZero();
		return lastAck;
	}

	private TreeSet<Long> sequences(FileMetricsStorage storage, Instant base) {
		List<StoredPoint> points = storage.read(new StorageRead(FileStoreWriter.SERIES, Map.of(), base,
				base.plus(Duration.ofDays(1)), Resolution.RAW, null, Integer.MAX_VALUE - 1));
		TreeSet<Long> sequences = new TreeSet<>();
		for (StoredPoint point : points) {
			long n = (long) point.point().last();
			assertThat(sequences.add(n)).as("snapshot %d read twice", n).isTrue();
			assertThat(point.start()).isEqualTo(base.plus(Duration.ofSeconds(n)));
		}
		return sequences;
	}

	private Path newestRawSegment() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory.resolve(SnapshotReads.key(Resolution.RAW)))) {
			return files.filter(Files::isRegularFile)
				.max(Comparator.comparing((Path file) -> file.getFileName().toString()))
				.orElseThrow();
		}
	}

}
