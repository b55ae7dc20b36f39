package dev.bduf.metrics.tracking;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a JFR recording of {@link PerformanceTracker#profile} found.
 *
 * @param name the profile's name
 * @param file the {@code .jfr} file, for JDK Mission Control or {@code jfr print}
 * @param start when recording started
 * @param duration how long it recorded
 * @param executionSamples execution samples taken
 * @param hotMethods methods most often on top of the stack, most first
 * @param allocationSites methods that allocated most (sampled weight), most first
 * @param gcPauses longest garbage collections, longest first
 * @param gcCount garbage collections during the recording
 * @param gcPauseTotal their summed pauses
 */
public record ProfilingResult(String name, Path file, Instant start, Duration duration, long executionSamples,
		List<HotMethod> hotMethods, List<AllocationSite> allocationSites, List<GcPause> gcPauses, long gcCount,
		Duration gcPauseTotal) {

	public ProfilingResult {
		hotMethods = List.copyOf(hotMethods);
		allocationSites = List.copyOf(allocationSites);
		gcPauses = List.copyOf(gcPauses);
	}

	/**
	 * A method on top of the stack in execution samples.
	 *
	 * @param method declaring class and method name
	 * @param samples samples with this method on top
	 * @param share fraction of all execution samples, 0 to 1
	 */
	public record HotMethod(String method, long samples, double share) {

	}

	/**
	 * A method where sampled allocations happened.
	 *
	 * @param method declaring class and method name
	 * @param bytes estimated bytes allocated (sample weights)
	 */
	public record AllocationSite(String method, long bytes) {

	}

	/**
	 * One garbage collection.
	 *
	 * @param collector the collector's name
	 * @param cause why it ran
	 * @param pause summed pauses of the collection
	 * @param at when it started
	 */
	public record GcPause(String collector, String cause, Duration pause, Instant at) {

	}

}
