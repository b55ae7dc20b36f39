package dev.bduf.metrics.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
		assertThat(result.allocationSites()).hasSizeLessThanOrEqualTo(5);
		assertThat(result.gcPauses()).hasSizeLessThanOrEqualTo(5);
		assertThat(result.gcPauseTotal().isNegative()).isFalse();
		assertThat(result.gcCount()).isGreaterThanOrEqualTo(result.gcPauses().size());
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
	}

	static byte[] allocate() {
		return new byte[64 * 1024];
	}

	@Test
	void profileForADurationRecordsAndOldRecordingsAreDeleted() throws Exception {
		DefaultPerformanceTracker tracker = tracker(true, 1);
		ProfilingResult first = tracker.profile("idle", this.options.withDuration(Duration.ofMillis(50)));
		ProfilingResult second = tracker.profile("idle", this.options.withDuration(Duration.ofMillis(50)));
		assertThat(second.file()).exists();
		try (var files = Files.list(this.directory)) {
			assertThat(files.filter((path) -> path.toString().endsWith(".jfr"))).containsExactly(second.file());
		}
		assertThat(first.name()).isEqualTo("idle");
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
