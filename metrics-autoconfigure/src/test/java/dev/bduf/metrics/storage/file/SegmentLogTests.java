package dev.bduf.metrics.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class SegmentLogTests {

	private static final long T0 = 1_700_000_000_000L;

	@TempDir
	Path directory;

	private final MockClock clock = new MockClock();

	@BeforeEach
	void startClock() {
		this.clock.add(T0 - this.clock.wallTime(), TimeUnit.MILLISECONDS);
	}

	@Test
	void restartKeepsHistory() {
		try (SegmentLog log = open(options())) {
			append(log, 0, 5);
		}
		try (SegmentLog log = open(options())) {
			assertThat(log.state().recoveredRecords()).isEqualTo(5);
			assertThat(log.state().recoveryDroppedBytes()).isZero();
			append(log, 5, 3);
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected(0, 8));
		}
		try (SegmentLog log = open(options())) {
			assertThat(log.state().recoveredRecords()).isEqualTo(8);
			assertThat(log.state().segments()).isEqualTo(2);
			assertThat(payloads(log.read(T0 + 2 * 10_000, T0 + 6 * 10_000))).containsExactlyElementsOf(expected(2, 6));
		}
	}

	@Test
	void truncationAtEveryOffsetInsideTheLastRecordKeepsExactlyTheCompleteRecords() throws IOException {
		int n = 6;
		try (SegmentLog log = open(options())) {
			append(log, 0, n);
		}
		Path segment = onlySegment();
		byte[] whole = Files.readAllBytes(segment);
		int lastFrame = whole.length - SegmentFormat.FRAME_OVERHEAD - payload(n - 1).length;
		for (int cut = lastFrame; cut < whole.length; cut++) {
			Files.write(segment, java.util.Arrays.copyOf(whole, cut));
			try (SegmentLog log = open(options())) {
				FileStorageState state = log.state();
				assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).as("cut at %d", cut)
					.containsExactlyElementsOf(expected(0, n - 1));
				assertThat(state.recoveredRecords()).isEqualTo(n - 1);
				assertThat(state.recoveryDroppedBytes()).as("cut at %d", cut).isEqualTo(cut - lastFrame);
				assertThat(state.recoveryDroppedRecords()).isEqualTo((cut > lastFrame) ? 1 : 0);
				assertThat(state.recoveryProblems()).hasSize((cut > lastFrame) ? 1 : 0);
			}
			assertThat(Files.size(segment)).as("tail cut off").isEqualTo(lastFrame);
		}
	}

	@Test
	void corruptionInTheMiddleStopsRecoveryAtTheCorruptRecord() throws IOException {
		try (SegmentLog log = open(options())) {
			append(log, 0, 10);
		}
		Path segment = onlySegment();
		byte[] bytes = Files.readAllBytes(segment);
		int frameSize = SegmentFormat.FRAME_OVERHEAD + payload(0).length;
		int fourth = SegmentFormat.HEADER_SIZE + 4 * frameSize;
		bytes[fourth + 20] ^= 0x5a;
		Files.write(segment, bytes);
		try (SegmentLog log = open(options())) {
			FileStorageState state = log.state();
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected(0, 4));
			assertThat(state.recoveredRecords()).isEqualTo(4);
			assertThat(state.recoveryDroppedRecords()).isEqualTo(6);
			assertThat(state.recoveryDroppedBytes()).isEqualTo(6L * frameSize);
			assertThat(state.recoveryProblems()).singleElement().asString().contains("bad CRC").contains("6 records");
			append(log, 10, 1);
		}
		try (SegmentLog log = open(options())) {
			assertThat(log.state().recoveryDroppedBytes()).isZero();
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).hasSize(5);
		}
	}

	@Test
	void aCorruptLengthStopsRecovery() throws IOException {
		try (SegmentLog log = open(options())) {
			append(log, 0, 3);
		}
		Path segment = onlySegment();
		byte[] bytes = Files.readAllBytes(segment);
		int frameSize = SegmentFormat.FRAME_OVERHEAD + payload(0).length;
		ByteBuffer.wrap(bytes).putInt(SegmentFormat.HEADER_SIZE + frameSize, Integer.MAX_VALUE);
		Files.write(segment, bytes);
		try (SegmentLog log = open(options())) {
			assertThat(log.state().recoveredRecords()).isEqualTo(1);
			assertThat(log.state().recoveryProblems()).singleElement().asString().contains("bad length");
		}
	}

	@Test
	void aTornHeaderOfTheLastSegmentIsDeletedAndABadOneEarlierIsSkipped() throws IOException {
		try (SegmentLog log = open(options().withSegments(1024, Duration.ofSeconds(15)))) {
			append(log, 0, 6);
		}
		List<Path> segments = segments();
		assertThat(segments).hasSize(3);
		byte[] first = Files.readAllBytes(segments.get(0));
		first[0] = 'X';
		Files.write(segments.get(0), first);
		Files.write(segments.get(2), new byte[7]);
		try (SegmentLog log = open(options())) {
			FileStorageState state = log.state();
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected(2, 4));
			assertThat(state.recoveryProblems()).hasSize(2);
			assertThat(state.recoveryProblems().get(0)).contains("bad header").contains("skipped");
			assertThat(state.recoveryProblems().get(1)).contains("short header").contains("deleted");
		}
		assertThat(segments.get(2)).doesNotExist();
	}

	@Test
	void aSegmentOfAnotherVersionIsSkipped() throws IOException {
		Files.createDirectories(this.directory);
		ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_SIZE);
		header.putInt(SegmentFormat.MAGIC).putInt(99).putLong(T0);
		header.putInt(SegmentFormat.crc(header.array(), 0, 16));
		Files.write(this.directory.resolve("segment-00000000000000000000.log"), header.array());
		Files.write(this.directory.resolve("notes.txt"), new byte[3]);
		try (SegmentLog log = open(options())) {
			assertThat(log.state().recoveryProblems()).singleElement().asString().contains("version 99");
			assertThat(log.append(T0, payload(0))).isTrue();
		}
		assertThat(this.directory.resolve("segment-00000000000000000001.log")).exists();
	}

	@Test
	void segmentsRollBySizeAndByTime() {
		int frameSize = SegmentFormat.FRAME_OVERHEAD + payload(0).length;
		try (SegmentLog log = open(options().withSegments(SegmentFormat.HEADER_SIZE + 2L * frameSize,
				Duration.ofHours(1)))) {
			append(log, 0, 5);
			assertThat(log.state().segments()).isEqualTo(3);
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected(0, 5));
		}
		try (SegmentLog log = open(options().withSegments(1 << 20, Duration.ofSeconds(30)))) {
			append(log, 5, 6);
			// One segment per 30 seconds of records, three records of 10 seconds each.
			assertThat(log.state().segments()).isEqualTo(3 + 2);
			assertThat(log.state().records()).isEqualTo(11);
		}
	}

	@Test
	void retentionDropsWholeOldSegmentsByTheirRecordedTimeRange() throws IOException {
		FileStorageOptions options = options().withSegments(1 << 20, Duration.ofSeconds(30))
			.withRetention(Duration.ofMinutes(1));
		try (SegmentLog log = open(options)) {
			append(log, 0, 12);
			assertThat(log.state().segments()).isEqualTo(4);
			// Modification times say nothing: make the old files look new and the new ones old.
			for (Path segment : segments()) {
				Files.setLastModifiedTime(segment, java.nio.file.attribute.FileTime.fromMillis(0));
			}
			this.clock.add(T0 + 50_000 + 60_000 + 1 - this.clock.wallTime(), TimeUnit.MILLISECONDS);
			// Segments end at 20s, 50s, 80s and 110s after T0; the cutoff is 50.001s.
			assertThat(log.retain()).isEqualTo(2);
			assertThat(log.state().deletedSegments()).isEqualTo(2);
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactlyElementsOf(expected(6, 12));
			this.clock.add(Duration.ofHours(1));
			assertThat(log.retain()).isEqualTo(1);
			assertThat(log.state().segments()).as("the active segment stays").isEqualTo(1);
		}
		try (SegmentLog log = open(options)) {
			assertThat(log.state().segments()).as("sealed by the restart, deleted on open").isZero();
			assertThat(log.state().deletedSegments()).isEqualTo(1);
		}
	}

	@Test
	void anUnusableDirectoryDegradesInsteadOfThrowing() throws IOException {
		Path file = Files.writeString(this.directory.resolve("not-a-directory"), "x");
		try (SegmentLog log = open(options(file.resolve("metrics")))) {
			assertThat(log.state().writable()).isFalse();
			assertThat(log.state().degraded()).isTrue();
			assertThat(log.state().lastError()).contains("not-a-directory");
			assertThat(log.append(T0, payload(0))).isFalse();
			this.clock.add(Duration.ofMinutes(1));
			assertThat(log.append(T0, payload(0))).as("retried and failed").isFalse();
			assertThat(log.state().droppedWrites()).isEqualTo(2);
			assertThat(log.read(Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
		}
	}

	@Test
	void aReadOnlyDirectoryDegradesAndRecoversWhenWritableAgain() throws IOException {
		assumeThat(System.getProperty("user.name")).as("root ignores permissions").isNotEqualTo("root");
		Path readOnly = Files.createDirectory(this.directory.resolve("ro"));
		readOnly.toFile().setWritable(false);
		try (SegmentLog log = open(options(readOnly))) {
			assertThat(log.append(T0, payload(0))).isFalse();
			assertThat(log.state().degraded()).isTrue();
			readOnly.toFile().setWritable(true);
			this.clock.add(Duration.ofMinutes(1));
			assertThat(log.append(T0, payload(1))).isTrue();
			assertThat(log.state().writable()).isTrue();
			assertThat(log.state().droppedWrites()).isEqualTo(1);
		}
	}

	@Test
	void aFullDiskDropsAndCountsWritesKeepsTheSegmentCompleteAndRecovers() {
		AtomicBoolean full = new AtomicBoolean();
		SegmentLog.ChannelOpener opener = (path, openOptions) -> new ForwardingChannel(
				FileChannel.open(path, openOptions)) {

			@Override
			public int write(ByteBuffer src) throws IOException {
				if (full.get()) {
					// Half the frame reaches the file, then the disk is full.
					ByteBuffer half = src.duplicate();
					half.limit(src.position() + src.remaining() / 2);
					int written = this.delegate.write(half);
					src.position(src.position() + written);
					throw new IOException("No space left on device");
				}
				return this.delegate.write(src);
			}

		};
		try (SegmentLog log = SegmentLog.open(options().withFsync(FsyncPolicy.ALWAYS), this.clock, opener, false)) {
			append(log, 0, 3);
			full.set(true);
			assertThat(log.append(T0 + 30_000, payload(3))).isFalse();
			assertThat(log.append(T0 + 40_000, payload(4))).as("within the retry interval").isFalse();
			FileStorageState state = log.state();
			assertThat(state.degraded()).isTrue();
			assertThat(state.droppedWrites()).isEqualTo(2);
			assertThat(state.lastError()).contains("No space left on device");
			assertThat(state.lastErrorTime()).isNotNull();
			full.set(false);
			this.clock.add(Duration.ofMinutes(1));
			assertThat(log.append(T0 + 50_000, payload(5))).isTrue();
			assertThat(log.state().writable()).isTrue();
		}
		try (SegmentLog log = open(options())) {
			assertThat(log.state().recoveryDroppedBytes()).as("the half frame was cut off at once").isZero();
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactly(text(0), text(1), text(2),
					text(5));
		}
	}

	@Test
	void aSegmentThatCannotBeTruncatedAfterAFailedWriteIsSealed() {
		AtomicBoolean broken = new AtomicBoolean();
		SegmentLog.ChannelOpener opener = (path, openOptions) -> new ForwardingChannel(
				FileChannel.open(path, openOptions)) {

			@Override
			public int write(ByteBuffer src) throws IOException {
				if (broken.get()) {
					throw new IOException("Input/output error");
				}
				return this.delegate.write(src);
			}

			@Override
			public FileChannel truncate(long size) throws IOException {
				throw new IOException("Read-only file system");
			}

		};
		FileStorageOptions options = options().withRetryInterval(Duration.ZERO);
		try (SegmentLog log = SegmentLog.open(options, this.clock, opener, false)) {
			append(log, 0, 2);
			broken.set(true);
			assertThat(log.append(T0 + 20_000, payload(2))).isFalse();
			broken.set(false);
			assertThat(log.append(T0 + 30_000, payload(3))).isTrue();
			assertThat(log.state().segments()).isEqualTo(2);
			assertThat(payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE))).containsExactly(text(0), text(1), text(3));
		}
	}

	@Test
	void intervalFsyncForcesOnABackgroundTick() {
		AtomicInteger forces = new AtomicInteger();
		SegmentLog.ChannelOpener opener = (path, openOptions) -> new ForwardingChannel(
				FileChannel.open(path, openOptions)) {

			@Override
			public void force(boolean metaData) throws IOException {
				forces.incrementAndGet();
				super.force(metaData);
			}

		};
		FileStorageOptions options = new FileStorageOptions(this.directory, FsyncPolicy.INTERVAL,
				Duration.ofMillis(20), 1 << 20, Duration.ofHours(1), Duration.ofDays(1), 1024, Duration.ofSeconds(1));
		try (SegmentLog log = SegmentLog.open(options, this.clock, opener, true)) {
			append(log, 0, 1);
			int afterCreate = forces.get();
			append(log, 1, 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> forces.get() > afterCreate);
			int afterTick = forces.get();
			log.flush();
			assertThat(forces.get()).as("nothing new to force").isEqualTo(afterTick);
		}
	}

	@Test
	void neverAndAlwaysPoliciesForceAccordingly() {
		AtomicInteger forces = new AtomicInteger();
		SegmentLog.ChannelOpener opener = (path, openOptions) -> new ForwardingChannel(
				FileChannel.open(path, openOptions)) {

			@Override
			public void force(boolean metaData) throws IOException {
				forces.incrementAndGet();
				super.force(metaData);
			}

		};
		try (SegmentLog log = SegmentLog.open(options().withFsync(FsyncPolicy.NEVER), this.clock, opener, true)) {
			append(log, 0, 3);
		}
		assertThat(forces).hasValue(0);
		try (SegmentLog log = SegmentLog.open(options().withFsync(FsyncPolicy.ALWAYS), this.clock, opener, true)) {
			append(log, 3, 3);
			assertThat(log.state().fsync()).isEqualTo(FsyncPolicy.ALWAYS);
		}
		assertThat(forces.get()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void oversizedRecordsAndAppendsAfterCloseAreDroppedAndCounted() {
		FileStorageOptions options = new FileStorageOptions(this.directory, FsyncPolicy.NEVER, Duration.ofSeconds(1),
				1 << 20, Duration.ofHours(1), Duration.ofDays(1), 8, Duration.ofSeconds(1));
		SegmentLog log = open(options);
		assertThat(log.append(T0, new byte[9])).isFalse();
		assertThat(log.append(T0, new byte[8])).isTrue();
		log.close();
		assertThat(log.append(T0, new byte[1])).isFalse();
		assertThat(log.state().droppedWrites()).isEqualTo(2);
		assertThat(log.state().appended()).isEqualTo(1);
		assertThat(log.state().lastWriteTime()).isNotNull();
	}

	@Test
	void unreadableSegmentsAreCountedNotThrown() throws IOException {
		AtomicBoolean failReads = new AtomicBoolean();
		SegmentLog.ChannelOpener opener = (path, openOptions) -> {
			if (failReads.get() && openOptions.contains(StandardOpenOption.READ)) {
				throw new IOException("Input/output error");
			}
			return FileChannel.open(path, openOptions);
		};
		try (SegmentLog log = SegmentLog.open(options(), this.clock, opener, false)) {
			append(log, 0, 2);
			failReads.set(true);
			assertThat(log.read(Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
			assertThat(log.state().readErrors()).isEqualTo(1);
		}
		try (SegmentLog log = SegmentLog.open(options(), this.clock, opener, false)) {
			assertThat(log.state().recoveryProblems()).singleElement().asString().contains("unreadable");
		}
	}

	@Test
	void optionsAreValidated() {
		FileStorageOptions defaults = FileStorageOptions.defaults(this.directory);
		assertThat(defaults.fsync()).isEqualTo(FsyncPolicy.INTERVAL);
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withSegments(10, Duration.ofHours(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRetention(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withRetryInterval(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FileStorageOptions(this.directory, FsyncPolicy.NEVER, Duration.ofSeconds(1), 1024,
					Duration.ofHours(1), Duration.ofDays(1), 0, Duration.ZERO));
	}

	@Test
	void randomDamageAnywhereNeverThrowsAndKeepsAnIntactPrefixOfEverySegment() throws IOException {
		java.util.Random random = new java.util.Random(42);
		FileStorageOptions options = options().withSegments(400, Duration.ofHours(1));
		try (SegmentLog log = open(options)) {
			append(log, 0, 40);
		}
		List<Path> segments = segments();
		Map<Path, byte[]> originals = new java.util.HashMap<>();
		for (Path segment : segments) {
			originals.put(segment, Files.readAllBytes(segment));
		}
		for (int round = 0; round < 200; round++) {
			originals.forEach((segment, bytes) -> {
				try {
					Files.write(segment, bytes);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Path victim = segments.get(random.nextInt(segments.size()));
			byte[] bytes = originals.get(victim).clone();
			switch (random.nextInt(3)) {
				case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
				case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
				default -> {
					int at = random.nextInt(bytes.length - 4);
					ByteBuffer.wrap(bytes).putInt(at, random.nextInt());
				}
			}
			Files.write(victim, bytes);
			try (SegmentLog log = open(options)) {
				List<String> read = payloads(log.read(Long.MIN_VALUE, Long.MAX_VALUE));
				assertThat(expected(0, 40)).as("round %d", round).containsAll(read);
				assertThat(read).as("round %d: in order", round).isSorted();
				assertThat(log.state().recoveredRecords()).isEqualTo(read.size());
				assertThat(log.state().recoveredRecords() + log.state().recoveryDroppedRecords())
					.as("round %d: every record accounted for, or a header lost", round)
					.isLessThanOrEqualTo(40);
			}
			Files.list(this.directory)
				.filter((file) -> !originals.containsKey(file))
				.forEach((file) -> file.toFile().delete());
		}
	}

	@Test
	void readsRunSafelyBesideAppendsAndRetention() throws Exception {
		FileStorageOptions options = options().withSegments(300, Duration.ofHours(1)).withRetention(Duration.ofMillis(1));
		try (SegmentLog log = open(options)) {
			AtomicBoolean done = new AtomicBoolean();
			List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
			Thread reader = new Thread(() -> {
				while (!done.get()) {
					try {
						List<StoredRecord> records = log.read(Long.MIN_VALUE, Long.MAX_VALUE);
						for (StoredRecord record : records) {
							assertThat(new String(record.payload(), StandardCharsets.UTF_8)).startsWith("record-");
						}
						log.state();
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				}
			});
			reader.start();
			for (int i = 0; i < 2000; i++) {
				this.clock.add(Duration.ofSeconds(10));
				assertThat(log.append(T0 + i * 10_000L, payload(i))).isTrue();
			}
			done.set(true);
			reader.join();
			assertThat(failures).isEmpty();
			assertThat(log.state().readErrors()).isZero();
			assertThat(log.state().deletedSegments()).isPositive();
		}
	}

	private FileStorageOptions options() {
		return options(this.directory);
	}

	private FileStorageOptions options(Path directory) {
		return FileStorageOptions.defaults(directory).withFsync(FsyncPolicy.NEVER);
	}

	private SegmentLog open(FileStorageOptions options) {
		return SegmentLog.open(options, this.clock, FileChannel::open, false);
	}

	private static void append(SegmentLog log, int first, int count) {
		for (int i = first; i < first + count; i++) {
			assertThat(log.append(T0 + i * 10_000L, payload(i))).isTrue();
		}
	}

	private static byte[] payload(int i) {
		return text(i).getBytes(StandardCharsets.UTF_8);
	}

	private static String text(int i) {
		return String.format("record-%04d", i);
	}

	private static List<String> expected(int from, int to) {
		List<String> texts = new ArrayList<>();
		for (int i = from; i < to; i++) {
			texts.add(text(i));
		}
		return texts;
	}

	private static List<String> payloads(List<StoredRecord> records) {
		return records.stream().map((record) -> new String(record.payload(), StandardCharsets.UTF_8)).toList();
	}

	private Path onlySegment() throws IOException {
		List<Path> segments = segments();
		assertThat(segments).hasSize(1);
		return segments.get(0);
	}

	private List<Path> segments() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
		}
	}


}
