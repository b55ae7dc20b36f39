package dev.bduf.metrics.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProfilingTests {

	@TempDir
	Path directory;

	private DefaultPerformanceTracker tracker(boolean enabled, int maxFiles) {
		return new DefaultPerformanceTracker(new MethodTracker(new SimpleMeterRegistry()),
				new ProfilingSettings(enabled, this.directory, Duration.ofSeconds(5), DataSize.ofMegabytes(8),
						maxFiles));
	}

	private final ProfilingOptions options = new ProfilingOptions(Duration.ofMillis(200), Duration.ofMillis(10),
			DataSize.ofMegabytes(4), 5);

	@Test
	void profileAroundWorkFindsItsHotMethodAndWritesABoundedRecording() {
		ProfilingResult result = tracker(true, 10).profile("hashing", () -> {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
			long sink = 0;
			while (System.nanoTime() < end) {
				sink += burn(sink);
			}
			return sink;
		}, this.options);
		assertThat(result.file()).exists().hasParent(this.directory);
		assertThat(result.file().getFileName().toString()).startsWith("hashing-").endsWith(".jfr");
		assertThat(result.executionSamples()).isPositive();
		assertThat(result.hotMethods()).isNotEmpty()
			.hasSizeLessThanOrEqualTo(5)
			.anySatisfy((hot) -> assertThat(hot.method()).isEqualTo(ProfilingTests.class.getName() + ".burn"));
		assertThat(result.hotMethods().get(0).share()).isBetween(0.0, 1.0);
		assertThat(result.hotMethods()).isSortedAccordingTo(
				Comparator.comparingLong(ProfilingResult.HotMethod::samples).reversed());
		assertThat(result.hotMethods().stream().mapToLong(ProfilingResult.HotMethod::samples).sum())
			.isLessThanOrEqualTo(result.executionSamples());
		assertThat(result.allocationSites()).hasSizeLessThanOrEqualTo(5);
		assertGcPausesAreTheLongestOfAllCollections(result);
		assertThat(result.duration()).isPositive();
	}

	@Test
	void profileReportsAllocationSitesAndGarbageCollections() {
		ProfilingResult result = tracker(true, 10).profile("allocating", () -> {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
			long total = 0;
			while (System.nanoTime() < end) {
				total += allocate().length;
			}
			System.gc();
			return total;
		}, this.options);
		assertThat(result.allocationSites()).isNotEmpty()
			.anySatisfy((site) -> assertThat(site.method()).isEqualTo(ProfilingTests.class.getName() + ".allocate"));
		assertThat(result.allocationSites().get(0).bytes()).isPositive();
		assertThat(result.gcPauses()).isNotEmpty();
		assertThat(result.gcPauses().get(0).collector()).isNotBlank();
		assertThat(result.gcCount()).isPositive();
		assertGcPausesAreTheLongestOfAllCollections(result);
	}

	/**
	 * The GC pauses listed are the top ones of all collections counted: as many as there
	 * were up to the top asked for, longest first, and their pauses are part of the total.
	 */
	private static void assertGcPausesAreTheLongestOfAllCollections(ProfilingResult result) {
		assertThat(result.gcPauses()).hasSize((int) Math.min(result.gcCount(), 5));
		assertThat(result.gcPauses())
			.isSortedAccordingTo(Comparator.comparing(ProfilingResult.GcPause::pause).reversed());
		Duration listed = result.gcPauses()
			.stream()
			.map(ProfilingResult.GcPause::pause)
			.reduce(Duration.ZERO, Duration::plus);
		assertThat(result.gcPauseTotal()).isGreaterThanOrEqualTo(listed);
		if (result.gcCount() <= 5) {
			assertThat(result.gcPauseTotal()).isEqualTo(listed);
		}
	}

	static byte[] allocate() {
		return new byte[64 * 1024];
	}

	@Test
	void profileForADurationRecordsAndOldRecordingsAreDeleted() throws Exception {
		DefaultPerformanceTracker tracker = tracker(true, 1);
		ProfilingResult first = tracker.profile("idle", this.options.withDuration(Duration.ofMillis(50)));
		assertThat(first.file()).exists();
		ProfilingResult second = tracker.profile("idle", this.options.withDuration(Duration.ofMillis(50)));
		assertThat(second.file()).exists();
		assertThat(first.file()).doesNotExist();
		assertThat(jfrFiles()).containsExactly(second.file());
		assertThat(first.name()).isEqualTo("idle");
	}

	@Test
	void oldestRecordingIsTheFirstWrittenWhateverTheModificationTimesSay() throws Exception {
		DefaultPerformanceTracker tracker = tracker(true, 2);
		ProfilingResult first = tracker.profile("a", () -> 1, this.options);
		ProfilingResult second = tracker.profile("b", () -> 1, this.options);
		// make the first look newest and the second oldest: the order written still decides
		Files.setLastModifiedTime(first.file(), FileTime.from(Instant.now().plus(Duration.ofDays(1))));
		Files.setLastModifiedTime(second.file(), FileTime.from(Instant.EPOCH));
		ProfilingResult third = tracker.profile("c", () -> 1, this.options);
		assertThat(jfrFiles()).containsExactlyInAnyOrder(second.file(), third.file());
	}

	@Test
	void recordingsTheProfilerDidNotWriteAreNeverDeleted() throws Exception {
		Path foreign = Files.writeString(this.directory.resolve("someone-else.jfr"), "not ours");
		Files.setLastModifiedTime(foreign, FileTime.from(Instant.EPOCH));
		Path earlier = Files.writeString(this.directory.resolve("idle-1-1-1.jfr"), "a previous run's");
		Files.setLastModifiedTime(earlier, FileTime.from(Instant.EPOCH.plusSeconds(1)));
		DefaultPerformanceTracker tracker = tracker(true, 1);
		tracker.profile("idle", () -> 1, this.options);
		ProfilingResult last = tracker.profile("idle", () -> 1, this.options);
		assertThat(jfrFiles()).containsExactlyInAnyOrder(foreign, earlier, last.file());
		assertThat(foreign).hasContent("not ours");
	}

	@Test
	void aRecordingOfFailedWorkIsCountedAndDeletedInTurn() throws Exception {
		DefaultPerformanceTracker tracker = tracker(true, 1);
		assertThatIllegalStateException().isThrownBy(() -> tracker.profile("failing", () -> {
			throw new java.io.IOException("disk");
		}, this.options));
		assertThat(jfrFiles()).hasSize(1);
		ProfilingResult next = tracker.profile("next", () -> 1, this.options);
		assertThat(jfrFiles()).containsExactly(next.file());
	}

	@Test
	void aRecordingThatCannotBeDeletedDoesNotFailTheProfile() throws Exception {
		DefaultPerformanceTracker tracker = tracker(true, 1);
		ProfilingResult first = tracker.profile("first", () -> 1, this.options);
		Files.delete(first.file());
		Files.createDirectories(first.file()).resolve("inside").toFile().createNewFile();
		ProfilingResult second = tracker.profile("second", () -> 1, this.options);
		assertThat(second.file()).exists();
		assertThat(first.file()).isDirectory();
	}

	private List<Path> jfrFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((path) -> path.toString().endsWith(".jfr")).toList();
		}
	}

	@Test
	void disabledProfilingRefuses() {
		assertThatIllegalStateException().isThrownBy(() -> tracker(false, 10).profile("x", this.options))
			.withMessageContaining("bduf.metrics.tracking.profiling.enabled=false");
	}

	@Test
	void onlyOneProfileAtATime() throws Exception {
		DefaultPerformanceTracker tracker = tracker(true, 10);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<ProfilingResult> running = CompletableFuture
			.supplyAsync(() -> tracker.profile("first", () -> {
				started.countDown();
				return release.await(10, TimeUnit.SECONDS);
			}, this.options));
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> tracker.profile("second", () -> 1, this.options))
			.withMessage("Another profile is being recorded");
		release.countDown();
		assertThat(running.get(10, TimeUnit.SECONDS).file()).exists();
	}

	@Test
	void failingWorkEndsTheProfileWithItsCause() {
		assertThatIllegalStateException()
			.isThrownBy(() -> tracker(true, 10).profile("failing", () -> {
				throw new java.io.IOException("disk");
			}, this.options))
			.withMessage("The profiled work of 'failing' failed")
			.withCauseInstanceOf(java.io.IOException.class);
		assertThat(tracker(true, 10).profile("again", () -> 1, this.options).file()).exists();
	}

	@Test
	void optionsAreValidated() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfilingOptions(Duration.ZERO, Duration.ofMillis(10), DataSize.ofMegabytes(1), 1));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfilingOptions(Duration.ofSeconds(1), Duration.ZERO, DataSize.ofMegabytes(1), 1));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfilingOptions(Duration.ofSeconds(1), Duration.ofMillis(10), DataSize.ofBytes(0), 1));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProfilingOptions(Duration.ofSeconds(1), Duration.ofMillis(10), DataSize.ofBytes(1), 0));
		assertThat(ProfilingOptions.defaults().duration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(ProfilingSettings.defaults().resolvedDirectory().toString()).endsWith("bduf-metrics-profiles");
	}

	static long burn(long seed) {
		long x = seed | 1;
		for (int i = 0; i < 10_000; i++) {
			x ^= x << 13;
			x ^= x >>> 7;
			x ^= x << 17;
		}
		return x & 1;
	}

}
