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
 * named by the options (default {@code method.tracked}). Each wrapper, and
 * {@code trackClass}, {@code startTracking}, {@code benchmark}, {@code profile} and
 * {@code getPerformanceReport}, has a short form that takes the defaults
 * ({@link TrackingOptions#defaults()}, {@link BenchmarkOptions#defaults()},
 * {@link ProfilingOptions#defaults()}, {@link ReportFilter#all()}).
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
	 * Track each call of a supplier with the default options.
	 * @param <T> the supplied type
	 * @param name the {@code method} tag
	 * @param supplier the supplier
	 * @return a supplier that tracks and delegates
	 */
	default <T> Supplier<T> trackSupplier(String name, Supplier<T> supplier) {
		return trackSupplier(name, supplier, TrackingOptions.defaults());
	}

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
	 * Track each call of a function with the default options.
	 * @param <T> the argument type
	 * @param <R> the result type
	 * @param name the {@code method} tag
	 * @param function the function
	 * @return a function that tracks and delegates
	 */
	default <T, R> Function<T, R> trackFunction(String name, Function<T, R> function) {
		return trackFunction(name, function, TrackingOptions.defaults());
	}

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
	 * Track each run of a runnable with the default options.
	 * @param name the {@code method} tag
	 * @param runnable the runnable
	 * @return a runnable that tracks and delegates
	 */
	default Runnable trackRunnable(String name, Runnable runnable) {
		return trackRunnable(name, runnable, TrackingOptions.defaults());
	}

	/**
	 * Track each run of a runnable.
	 * @param name the {@code method} tag
	 * @param runnable the runnable
	 * @param options what to track
	 * @return a runnable that tracks and delegates
	 */
	Runnable trackRunnable(String name, Runnable runnable, TrackingOptions options);

	/**
	 * Track each call of a callable with the default options.
	 * @param <T> the result type
	 * @param name the {@code method} tag
	 * @param callable the callable
	 * @return a callable that tracks and delegates
	 */
	default <T> Callable<T> trackCallable(String name, Callable<T> callable) {
		return trackCallable(name, callable, TrackingOptions.defaults());
	}

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
	 * Track asynchronous work to its completion with the default options.
	 * @param <T> the completion type
	 * @param name the {@code method} tag
	 * @param supplier starts the work
	 * @return a supplier whose stages are timed until they complete
	 */
	default <T> Supplier<CompletionStage<T>> trackAsyncFunction(String name,
			Supplier<? extends CompletionStage<T>> supplier) {
		return trackAsyncFunction(name, supplier, TrackingOptions.defaults());
	}

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
	 * A class-based proxy of an existing object that tracks every public method with the
	 * default options; see {@link #trackClass(Object, TrackingOptions)}.
	 * @param <T> the object's type
	 * @param object the object, of a class that is not final
	 * @return the proxy, an instance of the object's class
	 * @throws IllegalArgumentException for an object of a final class
	 */
	default <T> T trackClass(T object) {
		return trackClass(object, TrackingOptions.defaults());
	}

	/**
	 * A proxy of an existing object that tracks every public, non-final method (those
	 * declared by {@code Object} excepted), with the object's class name as the
	 * {@code class} tag. The proxy subclasses the object's class, so it is a {@code T}.
	 * A final class cannot be subclassed: track such an object through an interface with
	 * {@link #trackClass(Object, Class, TrackingOptions)}.
	 * @param <T> the object's type
	 * @param object the object, of a class that is not final
	 * @param options what to track
	 * @return the proxy, an instance of the object's class
	 * @throws IllegalArgumentException for an object of a final class (the message names
	 * the fix)
	 */
	<T> T trackClass(T object, TrackingOptions options);

	/**
	 * A JDK proxy of an existing object that implements one of its interfaces and tracks
	 * every call of that interface's methods, with the object's class name as the
	 * {@code class} tag. It works for final classes too, and the proxy is only an
	 * {@code I}, never the object's class.
	 * @param <I> the interface
	 * @param object the object
	 * @param asInterface an interface the object implements
	 * @param options what to track
	 * @return the proxy
	 * @throws IllegalArgumentException when {@code asInterface} is not an interface or the
	 * object does not implement it
	 */
	<I> I trackClass(Object object, Class<I> asInterface, TrackingOptions options);

	/**
	 * Start a measurement session with the default options; see
	 * {@link #startTracking(String, TrackingOptions)}.
	 * @param name the {@code method} tag under which the session is recorded
	 * @return the running session
	 */
	default TrackingSession startTracking(String name) {
		return startTracking(name, TrackingOptions.defaults());
	}

	/**
	 * Start a measurement session, for work that does not fit in one call. Stop it through
	 * the returned handle ({@link TrackingSession#stop()}, or {@code close()} in a
	 * try-with-resources block); {@link #stopTracking(String)} stops it by id where the
	 * handle cannot be kept.
	 * @param name the {@code method} tag under which the session is recorded
	 * @param options what to record (the meter name, CPU and allocation)
	 * @return the running session
	 */
	TrackingSession startTracking(String name, TrackingOptions options);

	/**
	 * Stop a session by its id and record it. The index of ids is bounded (the default
	 * tracker finds the 10,000 most recently started running sessions; older ones drop out
	 * of it and then stop only through their handle). An unknown, dropped or already stopped id never throws:
	 * it is counted as a tracking failure ({@link MethodTracker#getFailures()}, logged at
	 * a limited rate) and answered with an empty measurement, a zero duration with no
	 * other part.
	 * @param sessionId {@link TrackingSession#getId()}
	 * @return what was measured, or an empty measurement
	 * @see TrackingSession#stop()
	 */
	PerformanceMeasurement stopTracking(String sessionId);

	/**
	 * Run a function repeatedly with the default options (100 warm-up and 1000 measured
	 * iterations); see {@link #benchmark(String, Callable, BenchmarkOptions)}.
	 * @param name the benchmark's name
	 * @param function the function; its exceptions end the benchmark
	 * @return the statistics
	 * @throws IllegalStateException when the function throws
	 */
	default BenchmarkResult benchmark(String name, Callable<?> function) {
		return benchmark(name, function, BenchmarkOptions.defaults());
	}

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
	 * Record a JFR profile of the whole JVM with the default options (10 seconds),
	 * blocking the caller meanwhile; see {@link #profile(String, ProfilingOptions)}.
	 * @param name the profile's name (used in the file name)
	 * @return what was found
	 * @throws IllegalStateException when profiling is disabled, another profile is running
	 * or JFR fails
	 */
	default ProfilingResult profile(String name) {
		return profile(name, ProfilingOptions.defaults());
	}

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
	 * The performance of every tracked method, read from the registry.
	 * @return the report
	 */
	default PerformanceReport getPerformanceReport() {
		return getPerformanceReport(ReportFilter.all());
	}

	/**
	 * The performance of tracked methods, read from the registry.
	 * @param filter which methods
	 * @return the report
	 */
	PerformanceReport getPerformanceReport(ReportFilter filter);

}
