package dev.bduf.metrics.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * JFR recordings, one at a time, bounded in duration, size and number of files kept.
 * Only the files this profiler wrote are ever deleted: it remembers them in the order it
 * wrote them, and beyond {@link ProfilingSettings#maxFiles()} deletes the oldest of those.
 * Other files in the directory, including other processes' recordings, are left alone
 * (and so are this profiler's files from before a restart).
 */
final class Profiler {

	private static final Log logger = LogFactory.getLog(Profiler.class);

	private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

	private static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";

	private static final String GARBAGE_COLLECTION = "jdk.GarbageCollection";

	private static final long PID = ProcessHandle.current().pid();

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final ProfilingSettings settings;

	private final AtomicBoolean running = new AtomicBoolean();

	/**
	 * The recordings this profiler wrote and has not deleted, oldest first.
	 */
	private final Deque<Path> written = new ArrayDeque<>();

	Profiler(ProfilingSettings settings) {
		this.settings = settings;
	}

	ProfilingResult profile(String name, @Nullable Callable<?> work, ProfilingOptions options) {
		if (!this.settings.enabled()) {
			throw new IllegalStateException("Profiling is disabled (bduf.metrics.tracking.profiling.enabled=false)");
		}
		if (!this.running.compareAndSet(false, true)) {
			throw new IllegalStateException("Another profile is being recorded");
		}
		try {
			return record(name, work, options);
		}
		finally {
			this.running.set(false);
		}
	}

	private ProfilingResult record(String name, @Nullable Callable<?> work, ProfilingOptions options) {
		Path file;
		try {
			Path directory = this.settings.resolvedDirectory();
			Files.createDirectories(directory);
			file = directory.resolve(fileName(name));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create the profile's directory", ex);
		}
		long maxBytes = Math.min(options.maxSize().toBytes(), this.settings.maxSize().toBytes());
		Instant start = Instant.now();
		long startNanos = System.nanoTime();
		remember(file);
		try {
			return write(name, work, options, file, maxBytes, start, startNanos);
		}
		finally {
			deleteOldFiles();
		}
	}

	private ProfilingResult write(String name, @Nullable Callable<?> work, ProfilingOptions options, Path file,
			long maxBytes, Instant start, long startNanos) {
		try (Recording recording = new Recording()) {
			recording.setName("bduf-" + name);
			recording.enable(EXECUTION_SAMPLE).withPeriod(options.samplingPeriod()).withStackTrace();
			recording.enable(ALLOCATION_SAMPLE).with("throttle", "150/s").withStackTrace();
			recording.enable(GARBAGE_COLLECTION);
			recording.setMaxSize(maxBytes);
			recording.setToDisk(true);
			recording.setDestination(file);
			recording.start();
			try {
				if (work != null) {
					work.call();
				}
				else {
					Thread.sleep(min(options.duration(), this.settings.maxDuration()).toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				throw new IllegalStateException("The profiled work of '" + name + "' failed", ex);
			}
			finally {
				recording.stop();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write the JFR recording to " + file, ex);
		}
		Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
		return analyse(name, file, start, duration, options.top());
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * A file name no other profiler, in this process or another, writes: the process id
	 * and a sequence number make it unique, so a recording never overwrites a file this
	 * profiler did not write.
	 */
	private static String fileName(String name) {
		String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
		return safe + "-" + System.currentTimeMillis() + "-" + PID + "-" + SEQUENCE.incrementAndGet() + ".jfr";
	}

	static ProfilingResult analyse(String name, Path file, Instant start, Duration duration, int top) {
		Map<String, Long> samples = new HashMap<>();
		Map<String, Long> allocations = new HashMap<>();
		List<ProfilingResult.GcPause> pauses = new ArrayList<>();
		long executionSamples = 0;
		Duration pauseTotal = Duration.ZERO;
		try (RecordingFile recording = new RecordingFile(file)) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				switch (event.getEventType().getName()) {
					case EXECUTION_SAMPLE -> {
						executionSamples++;
						String method = topFrame(event.getStackTrace());
						if (method != null) {
							samples.merge(method, 1L, Long::sum);
						}
					}
					case ALLOCATION_SAMPLE -> {
						String method = topFrame(event.getStackTrace());
						if (method != null) {
							allocations.merge(method, event.getLong("weight"), Long::sum);
						}
					}
					case GARBAGE_COLLECTION -> {
						Duration pause = event.getDuration("sumOfPauses");
						pauseTotal = pauseTotal.plus(pause);
						pauses.add(new ProfilingResult.GcPause(event.getString("name"), event.getString("cause"), pause,
								event.getStartTime()));
					}
					default -> {
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the JFR recording " + file, ex);
		}
		long total = executionSamples;
		List<ProfilingResult.HotMethod> hot = samples.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(top)
			.map((entry) -> new ProfilingResult.HotMethod(entry.getKey(), entry.getValue(),
					(double) entry.getValue() / total))
			.toList();
		List<ProfilingResult.AllocationSite> sites = allocations.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(top)
			.map((entry) -> new ProfilingResult.AllocationSite(entry.getKey(), entry.getValue()))
			.toList();
		int gcCount = pauses.size();
		pauses.sort(Comparator.comparing(ProfilingResult.GcPause::pause).reversed());
		return new ProfilingResult(name, file, start, duration, executionSamples, hot, sites,
				pauses.subList(0, Math.min(top, pauses.size())), gcCount, pauseTotal);
	}

	private static @Nullable String topFrame(@Nullable RecordedStackTrace stackTrace) {
		if (stackTrace == null || stackTrace.getFrames().isEmpty()) {
			return null;
		}
		RecordedFrame frame = stackTrace.getFrames().get(0);
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private void remember(Path file) {
		synchronized (this.written) {
			this.written.addLast(file);
		}
	}

	/**
	 * Delete the oldest recordings this profiler wrote beyond the number kept.
	 */
	private void deleteOldFiles() {
		List<Path> old = new ArrayList<>();
		synchronized (this.written) {
			while (this.written.size() > this.settings.maxFiles()) {
				old.add(this.written.removeFirst());
			}
		}
		for (Path file : old) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not delete the old profile " + file, ex);
			}
		}
	}

	/**
	 * The recordings this profiler wrote and still keeps, oldest first.
	 * @return the files
	 */
	List<Path> recordings() {
		synchronized (this.written) {
			return List.copyOf(this.written);
		}
	}

}
