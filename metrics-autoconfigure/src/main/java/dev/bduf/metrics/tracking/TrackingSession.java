package dev.bduf.metrics.tracking;

import dev.bduf.metrics.PerformanceMeasurement;

/**
 * A running measurement of work that does not fit in one call, from
 * {@link PerformanceTracker#startTracking}. The handle holds the session's own state:
 * stop it (or close it, for example in a try-with-resources block) to record it.
 * <pre class="code">
 * try (TrackingSession session = performanceTracker.startTracking("import")) {
 *     importFiles();
 * }
 * </pre>
 * Stopping is idempotent: the first {@link #stop()} records and returns the measurement;
 * later calls (and {@link #close()}) record nothing more and return the same measurement.
 * Neither ever throws into the caller.
 */
public interface TrackingSession extends AutoCloseable {

	/**
	 * The session's id, for {@link PerformanceTracker#stopTracking(String)} where the
	 * handle cannot be kept.
	 * @return the id
	 */
	String getId();

	/**
	 * The session's name: the {@code method} tag it is recorded under.
	 * @return the name
	 */
	String getName();

	/**
	 * Whether the session has not been stopped yet.
	 * @return {@code true} until the first {@link #stop()} or {@link #close()}
	 */
	boolean isRunning();

	/**
	 * Stop the session and record it, the first time; afterwards, return what the first
	 * call measured. CPU time and allocation are measured when the session stops on the
	 * thread that started it; GC, heap and buffer figures are JVM-wide.
	 * @return what was measured
	 */
	PerformanceMeasurement stop();

	/**
	 * Stop the session if it is still running; otherwise do nothing.
	 */
	@Override
	void close();

}
