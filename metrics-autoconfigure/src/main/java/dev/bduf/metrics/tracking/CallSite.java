package dev.bduf.metrics.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * One tracked method (or wrapped function) with its meters, built once: the tags of a
 * call are looked up, never built, unless opted-in argument values are tags. The hot
 * path is {@link #sample()}, {@link #start()}, the call, then {@link #complete} or
 * {@link #stop}; recording failures are handed to the {@link MethodTracker} and never
 * thrown.
 */
final class CallSite {

	private static final Log logger = LogFactory.getLog(CallSite.class);

	static final String CLASS_TAG = "class";

	static final String METHOD_TAG = "method";

	static final String EXCEPTION_TAG = "exception";

	static final String OUTCOME_TAG = "outcome";

	private static final int MAX_LOGGED_ARGUMENTS_LENGTH = 200;

	final Class<?> targetClass;

	private final MethodTracker tracker;

	private final boolean tracked;

	final String className;

	final String methodName;

	final TrackingOptions options;

	private final String name;

	private final Tags baseTags;

	private final boolean sampleAll;

	private final long thresholdNanos;

	private final boolean cpu;

	private final boolean memory;

	private final @Nullable ArgumentTags argumentTags;

	private final boolean needsArguments;

	private volatile @Nullable Timer success;

	private final ConcurrentHashMap<Class<?>, Timer> errors = new ConcurrentHashMap<>();

	private volatile @Nullable Timer cpuTimer;

	private volatile @Nullable DistributionSummary allocated;

	private volatile @Nullable DistributionSummary resultSize;

	private volatile @Nullable Counter slow;

	private volatile @Nullable Counter unsampled;

	private final AtomicLong nextSlowLog = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressedSlowLogs = new AtomicLong();

	CallSite(MethodTracker tracker, Class<?> targetClass, String className, String methodName,
			TrackingOptions options, Tags extraTags, @Nullable ArgumentTags argumentTags) {
		this(tracker, targetClass, true, className, methodName, options, extraTags, argumentTags);
	}

	private CallSite(MethodTracker tracker, Class<?> targetClass, boolean tracked, String className,
			String methodName, TrackingOptions options, Tags extraTags, @Nullable ArgumentTags argumentTags) {
		this.tracker = tracker;
		this.targetClass = targetClass;
		this.tracked = tracked;
		this.className = className;
		this.methodName = methodName;
		this.options = options;
		this.name = options.name();
		Tags tags = extraTags;
		for (Map.Entry<String, String> tag : options.extraTags().entrySet()) {
			tags = tags.and(tag.getKey(), tag.getValue());
		}
		this.baseTags = tags.and(CLASS_TAG, className, METHOD_TAG, methodName);
		this.sampleAll = options.sampleRate() >= 1.0;
		this.thresholdNanos = (options.threshold() != null) ? options.threshold().toNanos() : -1;
		this.cpu = options.trackCpu() && tracker.usage().isCpuTimeSupported();
		this.memory = options.trackMemory() && tracker.usage().isAllocationSupported();
		this.argumentTags = argumentTags;
		this.needsArguments = argumentTags != null || (this.thresholdNanos >= 0 && tracker.settings().logArguments());
		if (tracked) {
			tracker.registered(this.name);
		}
	}

	static CallSite untracked(MethodTracker tracker, Class<?> targetClass) {
		return new CallSite(tracker, targetClass, false, "", "", TrackingOptions.defaults(), Tags.empty(), null);
	}

	boolean isTracked() {
		return this.tracked;
	}

	boolean needsArguments() {
		return this.needsArguments;
	}

	/**
	 * Whether this call is timed; counts it in {@code <name>.unsampled} when not.
	 * @return {@code true} to time the call
	 */
	boolean sample() {
		if (this.sampleAll || ThreadLocalRandom.current().nextDouble() < this.options.sampleRate()) {
			return true;
		}
		try {
			Counter counter = this.unsampled;
			if (counter == null) {
				counter = Counter.builder(this.name + ".unsampled")
					.description("Calls of a tracked method that were not timed (sampling)")
					.tags(this.baseTags)
					.register(this.tracker.getRegistry());
				this.unsampled = counter;
			}
			counter.increment();
		}
		catch (Throwable ex) {
			recordingFailed(ex);
		}
		return false;
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
		if (!this.tracked || !sample()) {
			return proceed.apply(invocation);
		}
		Object[] args = this.needsArguments ? arguments.apply(invocation) : null;
		long cpu = cpuStart();
		long allocation = allocationStart();
		long start = start();
		Object result;
		try {
			result = proceed.apply(invocation);
		}
		catch (Throwable ex) {
			stop(start, cpu, allocation, ex, null, args);
			throw ex;
		}
		return complete(result, start, cpu, allocation, args);
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
			Object @Nullable [] args) {
		if (result instanceof CompletionStage<?> stage) {
			return stage.whenComplete((value, error) -> stop(start, -1, -1, error, value, args));
		}
		if (result != null) {
			TrackingExtension extension = this.tracker.extensionFor(result);
			if (extension != null) {
				try {
					return extension.track(result, new AsyncCompletion(args));
				}
				catch (Throwable ex) {
					recordingFailed(ex);
					return result;
				}
			}
		}
		stop(start, cpuStart, allocationStart, null, result, args);
		return result;
	}

	/**
	 * Record a call.
	 */
	void stop(long start, long cpuStart, long allocationStart, @Nullable Throwable error, @Nullable Object result,
			Object @Nullable [] args) {
		try {
			long nanos = this.tracker.clock().monotonicTime() - start;
			Throwable cause = unwrap(error);
			timer(cause, args).record(nanos, TimeUnit.NANOSECONDS);
			if (cpuStart >= 0) {
				recordCpu(cpuStart);
			}
			if (allocationStart >= 0) {
				recordAllocation(allocationStart);
			}
			if (this.options.includeResult() && cause == null && result != null) {
				recordSize(result);
			}
			if (this.thresholdNanos >= 0 && nanos > this.thresholdNanos) {
				slow(nanos, args);
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

	private Timer timer(@Nullable Throwable error, Object @Nullable [] args) {
		ArgumentTags arguments = this.argumentTags;
		if (arguments != null && args != null) {
			return newTimer(this.baseTags.and(arguments.tags(args)).and(outcomeTags(error)));
		}
		if (error == null) {
			Timer timer = this.success;
			if (timer == null) {
				timer = newTimer(this.baseTags.and(outcomeTags(null)));
				this.success = timer;
			}
			return timer;
		}
		Timer timer = this.errors.get(error.getClass());
		if (timer == null) {
			timer = newTimer(this.baseTags.and(outcomeTags(error)));
			this.errors.putIfAbsent(error.getClass(), timer);
		}
		return timer;
	}

	private static Tags outcomeTags(@Nullable Throwable error) {
		if (error == null) {
			return Tags.of(EXCEPTION_TAG, "none", OUTCOME_TAG, "success");
		}
		String simpleName = error.getClass().getSimpleName();
		return Tags.of(EXCEPTION_TAG, simpleName.isEmpty() ? error.getClass().getName() : simpleName, OUTCOME_TAG,
				"error");
	}

	private Timer newTimer(Tags tags) {
		return Timer.builder(this.name)
			.description("Duration of tracked calls")
			.tags(tags)
			.publishPercentileHistogram(this.tracker.settings().percentileHistogram() ? Boolean.TRUE : null)
			.register(this.tracker.getRegistry());
	}

	private void recordCpu(long cpuStart) {
		long cpuEnd = this.tracker.usage().cpuTimeNanos();
		if (cpuEnd < cpuStart) {
			return;
		}
		Timer timer = this.cpuTimer;
		if (timer == null) {
			timer = Timer.builder(this.name + ".cpu")
				.description("CPU time of the calling thread during tracked calls")
				.tags(this.baseTags)
				.register(this.tracker.getRegistry());
			this.cpuTimer = timer;
		}
		timer.record(cpuEnd - cpuStart, TimeUnit.NANOSECONDS);
	}

	private void recordAllocation(long allocationStart) {
		long allocationEnd = this.tracker.usage().allocatedBytes();
		if (allocationEnd < allocationStart) {
			return;
		}
		DistributionSummary summary = this.allocated;
		if (summary == null) {
			summary = DistributionSummary.builder(this.name + ".allocated")
				.description("Bytes allocated by the calling thread during tracked calls")
				.baseUnit("bytes")
				.tags(this.baseTags)
				.register(this.tracker.getRegistry());
			this.allocated = summary;
		}
		summary.record(allocationEnd - allocationStart);
	}

	private void recordSize(Object result) {
		int size = sizeOf(result);
		if (size < 0) {
			return;
		}
		DistributionSummary summary = this.resultSize;
		if (summary == null) {
			summary = DistributionSummary.builder(this.name + ".result.size")
				.description("Size of the results of tracked calls (elements or characters)")
				.tags(this.baseTags)
				.register(this.tracker.getRegistry());
			this.resultSize = summary;
		}
		summary.record(size);
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

	private void slow(long nanos, Object @Nullable [] args) {
		Counter counter = this.slow;
		if (counter == null) {
			counter = Counter.builder(this.name + ".slow")
				.description("Tracked calls slower than their threshold")
				.tags(this.baseTags)
				.register(this.tracker.getRegistry());
			this.slow = counter;
		}
		counter.increment();
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

		AsyncCompletion(Object @Nullable [] args) {
			this.args = args;
		}

		@Override
		public long start() {
			return CallSite.this.start();
		}

		@Override
		public void finish(long start, @Nullable Throwable error, @Nullable Object value) {
			stop(start, -1, -1, error, value, this.args);
		}

	}

}
