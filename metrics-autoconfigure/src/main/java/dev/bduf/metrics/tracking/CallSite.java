package dev.bduf.metrics.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.collector.Series;
import dev.bduf.metrics.collector.SeriesRegistrar;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * One tracked method (or wrapped function) with its series, resolved once through the
 * {@link SeriesRegistrar} (the one door to the registry) and then held: the tags of a
 * call are looked up, never built, unless opted-in argument values are tags. The hot path
 * is {@link #around}: the call, then {@link #complete} or {@link #stop}; recording
 * failures are handed to the {@link MethodTracker} and never thrown.
 * <p>
 * Every call is timed. {@code sampleRate} gates only the extras that cost more than the
 * timer: CPU time, allocation, result size, argument tags (an unsampled call records the
 * value {@value #UNSAMPLED} for them) and the slow-call log line and event (the
 * {@code .slow} counter counts every slow call).
 */
final class CallSite {

	private static final Log logger = LogFactory.getLog(CallSite.class);

	static final String CLASS_TAG = "class";

	static final String METHOD_TAG = "method";

	static final String EXCEPTION_TAG = "exception";

	static final String OUTCOME_TAG = "outcome";

	/** The value of argument tags on a call that was not sampled. */
	static final String UNSAMPLED = "unsampled";

	static final String SLOW_SUFFIX = ".slow";

	static final String CPU_SUFFIX = ".cpu";

	static final String ALLOCATED_SUFFIX = ".allocated";

	static final String RESULT_SIZE_SUFFIX = ".result.size";

	private static final String TIMER_DESCRIPTION = "Duration of tracked calls";

	private static final int MAX_LOGGED_ARGUMENTS_LENGTH = 200;

	final Class<?> targetClass;

	private final MethodTracker tracker;

	private final boolean tracked;

	final String className;

	final String methodName;

	final TrackingOptions options;

	private final String name;

	/** Extra, class and method tags: the tags of the derived meters. */
	private final Map<String, String> baseTags;

	private final boolean sampleAll;

	private final long thresholdNanos;

	private final boolean cpu;

	private final boolean memory;

	private final @Nullable ArgumentTags argumentTags;

	private final boolean needsArguments;

	private volatile @Nullable Series success;

	private final ConcurrentHashMap<Class<?>, Series> errors = new ConcurrentHashMap<>();

	private volatile @Nullable Series cpuTimer;

	private volatile @Nullable Series allocated;

	private volatile @Nullable Series resultSize;

	private volatile @Nullable Series slow;

	private final AtomicLong nextSlowLog = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressedSlowLogs = new AtomicLong();

	CallSite(MethodTracker tracker, Class<?> targetClass, String className, String methodName,
			TrackingOptions options, Map<String, String> extraTags, @Nullable ArgumentTags argumentTags) {
		this(tracker, targetClass, true, className, methodName, options, extraTags, argumentTags);
	}

	private CallSite(MethodTracker tracker, Class<?> targetClass, boolean tracked, String className,
			String methodName, TrackingOptions options, Map<String, String> extraTags,
			@Nullable ArgumentTags argumentTags) {
		this.tracker = tracker;
		this.targetClass = targetClass;
		this.tracked = tracked;
		this.className = className;
		this.methodName = methodName;
		this.options = options;
		this.name = options.name();
		Map<String, String> tags = new TreeMap<>(extraTags);
		tags.putAll(options.extraTags());
		tags.put(CLASS_TAG, className);
		tags.put(METHOD_TAG, methodName);
		this.baseTags = Collections.unmodifiableMap(tags);
		this.sampleAll = options.sampleRate() >= 1.0;
		this.thresholdNanos = (options.threshold() != null) ? options.threshold().toNanos() : -1;
		this.cpu = options.trackCpu() && tracker.usage().isCpuTimeSupported();
		this.memory = options.trackMemory() && tracker.usage().isAllocationSupported();
		this.argumentTags = argumentTags;
		this.needsArguments = argumentTags != null || (this.thresholdNanos >= 0 && tracker.settings().logArguments());
		if (tracked) {
			tracker.registered(this.name);
			declareKeys();
		}
	}

	/**
	 * Tell the series layer which tag keys this method records under each of its names,
	 * so that methods sharing a name share one key set.
	 */
	private void declareKeys() {
		String origin = this.className + "." + this.methodName;
		SeriesRegistrar registrar = this.tracker.registrar();
		List<String> keys = new ArrayList<>(this.baseTags.keySet());
		keys.add(EXCEPTION_TAG);
		keys.add(OUTCOME_TAG);
		if (this.argumentTags != null) {
			keys.addAll(this.argumentTags.keys());
		}
		registrar.declareKeys(this.name, keys, origin);
		for (String suffix : new String[] { SLOW_SUFFIX, CPU_SUFFIX, ALLOCATED_SUFFIX, RESULT_SIZE_SUFFIX }) {
			registrar.declareKeys(this.name + suffix, this.baseTags.keySet(), origin);
		}
	}

	static CallSite untracked(MethodTracker tracker, Class<?> targetClass) {
		return new CallSite(tracker, targetClass, false, "", "", TrackingOptions.defaults(), Map.of(), null);
	}

	boolean isTracked() {
		return this.tracked;
	}

	boolean needsArguments() {
		return this.needsArguments;
	}

	/**
	 * Whether this call gets the extras (CPU, allocation, result size, argument tags,
	 * slow-call log); the timer records every call.
	 * @return {@code true} when the call is sampled
	 */
	boolean sample() {
		return this.sampleAll || ThreadLocalRandom.current().nextDouble() < this.options.sampleRate();
	}

	/**
	 * One step of an intercepted call, taken on the interception itself so that the
	 * method references callers pass capture nothing and allocate nothing.
	 * @param <I> the interception: a {@code MethodInvocation}, a join point, a function
	 */
	@FunctionalInterface
	interface Step<I, R> {

		R apply(I invocation) throws Throwable;

	}

	/**
	 * Run an intercepted call and record it: the one place where the aspect, the
	 * advisor, {@code trackClass} proxies and the function wrappers time a call.
	 * @param invocation the interception
	 * @param proceed runs the call
	 * @param arguments gives the call's arguments, asked only when tags need them
	 * @return what the caller receives
	 * @throws Throwable what the call threw, unchanged
	 */
	<I> @Nullable Object around(I invocation, Step<I, ?> proceed, Step<I, Object[]> arguments) throws Throwable {
		if (!this.tracked) {
			return proceed.apply(invocation);
		}
		boolean sampled = sample();
		Object[] args = (sampled && this.needsArguments) ? arguments.apply(invocation) : null;
		long cpu = sampled ? cpuStart() : -1;
		long allocation = sampled ? allocationStart() : -1;
		long start = start();
		Object result;
		try {
			result = proceed.apply(invocation);
		}
		catch (Throwable ex) {
			stop(start, cpu, allocation, ex, null, args, sampled);
			throw ex;
		}
		return complete(result, start, cpu, allocation, args, sampled);
	}

	long start() {
		return this.tracker.clock().monotonicTime();
	}

	long cpuStart() {
		return this.cpu ? this.tracker.usage().cpuTimeNanos() : -1;
	}

	long allocationStart() {
		return this.memory ? this.tracker.usage().allocatedBytes() : -1;
	}

	/**
	 * Record a call that returned, or hand an asynchronous result over to be recorded on
	 * completion.
	 * @return what the caller receives
	 */
	@Nullable Object complete(@Nullable Object result, long start, long cpuStart, long allocationStart,
			Object @Nullable [] args, boolean sampled) {
		if (result instanceof CompletionStage<?> stage) {
			return stage.whenComplete((value, error) -> stop(start, -1, -1, error, value, args, sampled));
		}
		if (result != null) {
			TrackingExtension extension = this.tracker.extensionFor(result);
			if (extension != null) {
				try {
					return extension.track(result, new AsyncCompletion(args, sampled));
				}
				catch (Throwable ex) {
					recordingFailed(ex);
					return result;
				}
			}
		}
		stop(start, cpuStart, allocationStart, null, result, args, sampled);
		return result;
	}

	/**
	 * Record a call; a session or a wrapper that measured it whole.
	 */
	void stop(long start, long cpuStart, long allocationStart, @Nullable Throwable error, @Nullable Object result,
			Object @Nullable [] args) {
		stop(start, cpuStart, allocationStart, error, result, args, true);
	}

	private void stop(long start, long cpuStart, long allocationStart, @Nullable Throwable error,
			@Nullable Object result, Object @Nullable [] args, boolean sampled) {
		try {
			long nanos = this.tracker.clock().monotonicTime() - start;
			Throwable cause = unwrap(error);
			recordTimer(cause, args, sampled, Math.max(0, nanos));
			if (cpuStart >= 0) {
				recordCpu(cpuStart);
			}
			if (allocationStart >= 0) {
				recordAllocation(allocationStart);
			}
			if (sampled && this.options.includeResult() && cause == null && result != null) {
				recordSize(result);
			}
			if (this.thresholdNanos >= 0 && nanos > this.thresholdNanos) {
				slow(nanos, args, sampled);
			}
		}
		catch (Throwable ex) {
			recordingFailed(ex);
		}
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable error) {
		if (error instanceof CompletionException && error.getCause() != null) {
			return error.getCause();
		}
		return error;
	}

	private void recordTimer(@Nullable Throwable error, Object @Nullable [] args, boolean sampled, long nanos) {
		SeriesRegistrar registrar = this.tracker.registrar();
		ArgumentTags arguments = this.argumentTags;
		if (arguments != null) {
			Map<String, String> tags = outcomeTags(error);
			if (sampled && args != null) {
				tags.putAll(arguments.tags(args));
			}
			else {
				arguments.keys().forEach((key) -> tags.put(key, UNSAMPLED));
			}
			newTimer(tags, nanos);
			return;
		}
		if (error == null) {
			Series series = this.success;
			if (series == null) {
				this.success = newTimer(outcomeTags(null), nanos);
				return;
			}
			registrar.recordNanos(series, nanos);
			return;
		}
		Series series = this.errors.get(error.getClass());
		if (series == null) {
			this.errors.putIfAbsent(error.getClass(), newTimer(outcomeTags(error), nanos));
			return;
		}
		registrar.recordNanos(series, nanos);
	}

	private Map<String, String> outcomeTags(@Nullable Throwable error) {
		Map<String, String> tags = new TreeMap<>(this.baseTags);
		if (error == null) {
			tags.put(EXCEPTION_TAG, "none");
			tags.put(OUTCOME_TAG, "success");
		}
		else {
			String simpleName = error.getClass().getSimpleName();
			tags.put(EXCEPTION_TAG, simpleName.isEmpty() ? error.getClass().getName() : simpleName);
			tags.put(OUTCOME_TAG, "error");
		}
		return tags;
	}

	private Series newTimer(Map<String, String> tags, long nanos) {
		return this.tracker.registrar()
			.recordTimer(this.name, TIMER_DESCRIPTION, this.tracker.settings().percentileHistogram(), tags, nanos);
	}

	private void recordCpu(long cpuStart) {
		long cpuEnd = this.tracker.usage().cpuTimeNanos();
		if (cpuEnd < cpuStart) {
			return;
		}
		Series series = this.cpuTimer;
		if (series == null) {
			this.cpuTimer = this.tracker.registrar()
				.recordTimer(this.name + CPU_SUFFIX, "CPU time of the calling thread during tracked calls", false,
						this.baseTags, cpuEnd - cpuStart);
			return;
		}
		this.tracker.registrar().recordNanos(series, cpuEnd - cpuStart);
	}

	private void recordAllocation(long allocationStart) {
		long allocationEnd = this.tracker.usage().allocatedBytes();
		if (allocationEnd < allocationStart) {
			return;
		}
		Series series = this.allocated;
		if (series == null) {
			this.allocated = this.tracker.registrar()
				.recordSummary(this.name + ALLOCATED_SUFFIX, "Bytes allocated by the calling thread during tracked calls",
						"bytes", this.baseTags, allocationEnd - allocationStart);
			return;
		}
		this.tracker.registrar().record(series, allocationEnd - allocationStart);
	}

	private void recordSize(Object result) {
		int size = sizeOf(result);
		if (size < 0) {
			return;
		}
		Series series = this.resultSize;
		if (series == null) {
			this.resultSize = this.tracker.registrar()
				.recordSummary(this.name + RESULT_SIZE_SUFFIX,
						"Size of the results of tracked calls (elements or characters)", null, this.baseTags, size);
			return;
		}
		this.tracker.registrar().record(series, size);
	}

	static int sizeOf(Object value) {
		if (value instanceof Collection<?> collection) {
			return collection.size();
		}
		if (value instanceof Map<?, ?> map) {
			return map.size();
		}
		if (value instanceof CharSequence chars) {
			return chars.length();
		}
		if (value.getClass().isArray()) {
			return java.lang.reflect.Array.getLength(value);
		}
		return -1;
	}

	private void slow(long nanos, Object @Nullable [] args, boolean sampled) {
		Series series = this.slow;
		if (series == null) {
			this.slow = this.tracker.registrar()
				.recordCounter(this.name + SLOW_SUFFIX, "Tracked calls slower than their threshold", this.baseTags, 1);
		}
		else {
			this.tracker.registrar().increment(series, 1);
		}
		if (!sampled) {
			return;
		}
		Duration duration = Duration.ofNanos(nanos);
		Duration threshold = Duration.ofNanos(this.thresholdNanos);
		logSlow(duration, threshold, args);
		ApplicationEventPublisher publisher = this.tracker.publisher();
		if (publisher != null) {
			try {
				publisher.publishEvent(new SlowCallEvent(this.name, this.className, this.methodName, duration,
						threshold, Instant.ofEpochMilli(this.tracker.clock().wallTime())));
			}
			catch (RuntimeException ex) {
				this.tracker.failed("event", "A SlowCallEvent listener failed", ex);
			}
		}
	}

	private void logSlow(Duration duration, Duration threshold, Object @Nullable [] args) {
		long now = this.tracker.clock().monotonicTime();
		long next = this.nextSlowLog.get();
		if ((next != Long.MIN_VALUE && now - next < 0) || !this.nextSlowLog.compareAndSet(next,
				now + this.tracker.settings().slowCallLogInterval().toNanos())) {
			this.suppressedSlowLogs.incrementAndGet();
			return;
		}
		if (!logger.isWarnEnabled()) {
			return;
		}
		long suppressed = this.suppressedSlowLogs.getAndSet(0);
		StringBuilder message = new StringBuilder("Slow call: ").append(this.className)
			.append('.')
			.append(this.methodName)
			.append(" took ")
			.append(duration.toMillis())
			.append(" ms (threshold ")
			.append(threshold.toMillis())
			.append(" ms)");
		if (this.tracker.settings().logArguments() && args != null) {
			String logged = Arrays.deepToString(args);
			if (logged.length() > MAX_LOGGED_ARGUMENTS_LENGTH) {
				logged = logged.substring(0, MAX_LOGGED_ARGUMENTS_LENGTH) + "...";
			}
			message.append(" with arguments ").append(logged);
		}
		if (suppressed > 0) {
			message.append("; ").append(suppressed).append(" further slow calls not logged");
		}
		logger.warn(message);
	}

	private void recordingFailed(Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		this.tracker.failed("record", "Could not record a call of " + this.className + "." + this.methodName
				+ " to '" + this.name + "'", ex);
	}

	@Override
	public String toString() {
		return this.tracked ? this.name + "{" + this.className + "." + this.methodName + "}" : "untracked";
	}

	private final class AsyncCompletion implements TrackingExtension.Completion {

		private final Object @Nullable [] args;

		private final boolean sampled;

		AsyncCompletion(Object @Nullable [] args, boolean sampled) {
			this.args = args;
			this.sampled = sampled;
		}

		@Override
		public long start() {
			return CallSite.this.start();
		}

		@Override
		public void finish(long start, @Nullable Throwable error, @Nullable Object value) {
			stop(start, -1, -1, error, value, this.args, this.sampled);
		}

	}

}
