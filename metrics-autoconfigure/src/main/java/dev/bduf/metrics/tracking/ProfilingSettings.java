package dev.bduf.metrics.tracking;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Application-wide limits of JFR profiling, usually bound from
 * {@code bduf.metrics.tracking.profiling.*}.
 *
 * @param enabled whether profiling is allowed at all
 * @param directory where recordings go, or {@code null} for a {@code bduf-metrics-profiles}
 * directory under the system's temporary directory
 * @param maxDuration the longest recording
 * @param maxSize the most a recording may hold
 * @param maxFiles recordings of this application's profiler kept in the directory; the
 * oldest of them are deleted (other files in the directory never are)
 */
public record ProfilingSettings(boolean enabled, @Nullable Path directory, Duration maxDuration, DataSize maxSize,
		int maxFiles) {

	public ProfilingSettings {
		if (maxFiles < 1) {
			throw new IllegalArgumentException("maxFiles must be at least 1");
		}
	}

	/**
	 * Enabled, in the temporary directory, at most 5 minutes and 64 MB, 10 files kept.
	 * @return the default settings
	 */
	public static ProfilingSettings defaults() {
		return new ProfilingSettings(true, null, Duration.ofMinutes(5), DataSize.ofMegabytes(64), 10);
	}

	Path resolvedDirectory() {
		return (this.directory != null) ? this.directory
				: Path.of(System.getProperty("java.io.tmpdir"), "bduf-metrics-profiles");
	}

}
