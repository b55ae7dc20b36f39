package dev.bduf.metrics.tracking;

import org.jspecify.annotations.Nullable;

/**
 * Times a kind of asynchronous result that the tracker does not know by itself (it knows
 * {@link java.util.concurrent.CompletionStage}). {@link ReactorTrackingExtension} adds
 * Reactor's {@code Mono} and {@code Flux} when Reactor is on the classpath.
 */
public interface TrackingExtension {

	/**
	 * Whether this extension times the given result.
	 * @param result what the tracked method returned
	 * @return {@code true} to have {@link #track(Object, Completion)} called
	 */
	boolean supports(Object result);

	/**
	 * Decorate a result so that the call is timed until it completes.
	 * @param result what the tracked method returned
	 * @param completion starts and finishes the measurement
	 * @return what the caller receives instead of {@code result}
	 */
	Object track(Object result, Completion completion);

	/**
	 * Starts and finishes the measurement of one asynchronous call.
	 */
	interface Completion {

		/**
		 * Start the clock, for example when the result is subscribed to.
		 * @return the start time, to pass to {@link #finish}
		 */
		long start();

		/**
		 * Record the call.
		 * @param start what {@link #start()} returned
		 * @param error what the call failed with, or {@code null} on success
		 * @param value the value the call completed with (for the result size), or
		 * {@code null}
		 */
		void finish(long start, @Nullable Throwable error, @Nullable Object value);

	}

}
