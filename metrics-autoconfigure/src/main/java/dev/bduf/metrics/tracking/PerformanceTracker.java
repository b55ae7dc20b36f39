package dev.bduf.metrics.tracking;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.bduf.metrics.PerformanceMeasurement;

/**
 * Tracking in code, where an annotation does not fit: wrappers and proxies that record
 * like {@link Tracked}, measurement sessions, quick in-app benchmarks, JFR profiling
 * and the performance report.
 * <p>
 * The wrappers have one name per functional type ({@code trackSupplier},
 * {@code trackCallable}, ...) because a lambda such as {@code () -> load()} fits
 * {@code Supplier}, {@code Callable} and {@code Runnable} alike, and overloads of one name
 * would not compile for it. A wrapper records with the {@code class} tag
 * {@value #FUNCTION_CLASS} and the given name as the {@code method} tag, into the meter
 * named by the options (default {@code method.tracked}).
 */
public interface PerformanceTracker {

	/**
	 * The {@code class} tag of wrapped functions.
	 */
	String FUNCTION_CLASS = "function";

	/**
	 * The {@code class} tag of measurement sessions.
	 */
	String SESSION_CLASS = "session";

	/**
	 * Track each call of a supplier.
	 * @param <T> the supplied type
	 * @param name the {@code method} tag
	 * @param supplier the supplier
	 * @param options what to track
	 * @return a supplier that tracks and delegates
	 */
	<T> Supplier<T> trackSupplier(String name, Supplier<T> supplier, TrackingOptions options);

	/**
	 * Track each call of a function.
	 * @param <T> the argument type
	 * @param <R> the result type
	 * @param name the {@code method} tag
	 * @param function the function
	 * @param options what to track
	 * @return a function that tracks and delegates
	 */
	<T, R> Function<T, R> trackFunction(String name, Function<T, R> function, TrackingOptions options);

	/**
	 * Track each run of a runnable.
	 * @param name the {@code method} tag
	 * @param runnable the runnable
	 * @param options what to track
	 * @return a runnable that tracks and delegates
	 */
	Runnable trackRunnable(String name, Runnable runnable, TrackingOptions options);

	/**
	 * Track each call of a callable.
	 * @param <T> the result type
	 * @param name the {@code method} tag
	 * @param callable the callable
	 * @param options what to track
	 * @return a callable that tracks and delegates
	 */
	<T> Callable<T> trackCallable(String name, Callable<T> callable, TrackingOptions options);

	/**
	 * Track asynchronous work to its completion.
	 * @param <T> the completion type
	 * @param name the {@code method} tag
	 * @param supplier starts the work
	 * @param options what to track (CPU and allocation are not measured for asynchronous
	 * work)
	 * @return a supplier whose stages are timed until they complete
	 */
	<T> Supplier<CompletionStage<T>> trackAsyncFunction(String name, Supplier<? extends CompletionStage<T>> supplier,
			TrackingOptions options);

	/**
	 * A proxy of an existing object that tracks every public method (those declared by
	 * {@code Object} excepted), with the object's class name as the {@code class} tag. The
	 * proxy subclasses the object's class; for a final class it implements the class's
	 * interfaces instead, so use it through one of them.
	 * @param <T> the object's type
	 * @param object the object
	 * @param options what to track
	 * @return the proxy
	 * @throws IllegalArgumentException for a final class without interfaces
	 */
	<T> T trackClass(T object, TrackingOptions options);

	/**
	 * Start a measurement session, for work that does not fit in one call.
	 * @param name the {@code method} tag under which the session is recorded
	 * @param options what to record (the meter name, CPU and allocation)
	 * @return the session's id
	 */
	String startTracking(String name, TrackingOptions options);

	/**
	 * Stop a session and record it. CPU time and allocation are measured when the session
	 * stops on the thread that started it; GC count and time and the heap delta are
	 * JVM-wide.
	 * @param sessionId what {@link #startTracking} returned
	 * @return what was measured
	 * @throws IllegalArgumentException for an unknown or already stopped session
	 */
	PerformanceMeasurement stopTracking(String sessionId);

	/**
	 * Run a function repeatedly and measure it. A quick in-app check of the order of
	 * magnitude, not a replacement for JMH: no forking, no dead-code or constant-folding
	 * protection, and the clock's own cost is included. Nothing is recorded to the
	 * registry.
	 * @param name the benchmark's name
	 * @param function the function; its exceptions end the benchmark
	 * @param options warm-up and measured iterations
	 * @return the statistics
	 * @throws IllegalStateException when the function throws
	 */
	BenchmarkResult benchmark(String name, Callable<?> function, BenchmarkOptions options);

	/**
	 * Record a JFR profile of the whole JVM for {@link ProfilingOptions#duration()},
	 * blocking the caller meanwhile.
	 * @param name the profile's name (used in the file name)
	 * @param options how to record
	 * @return what was found
	 * @throws IllegalStateException when profiling is disabled, another profile is running
	 * or JFR fails
	 */
	ProfilingResult profile(String name, ProfilingOptions options);

	/**
	 * Record a JFR profile of the whole JVM while some work runs.
	 * @param name the profile's name (used in the file name)
	 * @param work the work; its exception ends the profile and is rethrown wrapped
	 * @param options how to record ({@link ProfilingOptions#duration()} is not used)
	 * @return what was found
	 * @throws IllegalStateException when profiling is disabled, another profile is running,
	 * JFR fails or the work throws
	 */
	ProfilingResult profile(String name, Callable<?> work, ProfilingOptions options);

	/**
	 * The performance of tracked methods, read from the registry.
	 * @param filter which methods
	 * @return the report
	 */
	PerformanceReport getPerformanceReport(ReportFilter filter);

}
