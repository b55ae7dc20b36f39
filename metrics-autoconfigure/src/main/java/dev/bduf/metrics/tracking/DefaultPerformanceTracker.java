package dev.bduf.metrics.tracking;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.bduf.metrics.PerformanceMeasurement;
import io.micrometer.core.instrument.Clock;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.ClassUtils;

/**
 * The {@link PerformanceTracker}, recording through a {@link MethodTracker}.
 */
public final class DefaultPerformanceTracker implements PerformanceTracker {

	private static final int MAX_OPEN_SESSIONS = 10_000;

	private final MethodTracker tracker;

	private final Profiler profiler;

	private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final AtomicLong sessionIds = new AtomicLong();

	/**
	 * A tracker with the default profiling settings.
	 * @param tracker records the calls
	 */
	public DefaultPerformanceTracker(MethodTracker tracker) {
		this(tracker, ProfilingSettings.defaults());
	}

	/**
	 * A tracker.
	 * @param tracker records the calls
	 * @param profiling limits of JFR profiling
	 */
	public DefaultPerformanceTracker(MethodTracker tracker, ProfilingSettings profiling) {
		this.tracker = tracker;
		this.profiler = new Profiler(profiling);
	}

	@Override
	public <T> Supplier<T> trackSupplier(String name, Supplier<T> supplier, TrackingOptions options) {
		CallSite site = this.tracker.site(FUNCTION_CLASS, name, options);
		return () -> call(site, supplier::get);
	}

	@Override
	public <T, R> Function<T, R> trackFunction(String name, Function<T, R> function, TrackingOptions options) {
		CallSite site = this.tracker.site(FUNCTION_CLASS, name, options);
		return (argument) -> call(site, () -> function.apply(argument));
	}

	@Override
	public Runnable trackRunnable(String name, Runnable runnable, TrackingOptions options) {
		CallSite site = this.tracker.site(FUNCTION_CLASS, name, options);
		return () -> call(site, () -> {
			runnable.run();
			return null;
		});
	}

	@Override
	public <T> Callable<T> trackCallable(String name, Callable<T> callable, TrackingOptions options) {
		CallSite site = this.tracker.site(FUNCTION_CLASS, name, options);
		return () -> call(site, callable);
	}

	@Override
	public <T> Supplier<CompletionStage<T>> trackAsyncFunction(String name,
			Supplier<? extends CompletionStage<T>> supplier, TrackingOptions options) {
		CallSite site = this.tracker.site(FUNCTION_CLASS, name, options);
		return () -> call(site, supplier::get);
	}

	@SuppressWarnings("unchecked")
	private static <T> T call(CallSite site, Callable<T> body) {
		try {
			return (T) site.around(body, Callable::call, NO_ARGUMENTS);
		}
		catch (Throwable ex) {
			throw sneaky(ex);
		}
	}

	private static final CallSite.Step<Callable<?>, Object[]> NO_ARGUMENTS = (body) -> null;

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> RuntimeException sneaky(Throwable ex) throws E {
		throw (E) ex;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T trackClass(T object, TrackingOptions options) {
		Class<?> type = ClassUtils.getUserClass(object);
		ProxyFactory factory = new ProxyFactory(object);
		if (Modifier.isFinal(type.getModifiers())) {
			if (type.getInterfaces().length == 0) {
				throw new IllegalArgumentException(
						type.getName() + " is final and implements no interface: it cannot be proxied");
			}
			factory.setProxyTargetClass(false);
		}
		else {
			factory.setProxyTargetClass(true);
		}
		factory.addAdvice(new TrackingInterceptor(this.tracker, type, options));
		return (T) factory.getProxy(type.getClassLoader());
	}

	@Override
	public String startTracking(String name, TrackingOptions options) {
		if (this.sessions.size() >= MAX_OPEN_SESSIONS) {
			evictOldestSession();
		}
		String id = name + "#" + this.sessionIds.incrementAndGet();
		CallSite site = this.tracker.site(SESSION_CLASS, name, options);
		this.sessions.put(id, new Session(site, Thread.currentThread(), this.tracker.usage().cpuTimeNanos(),
				this.tracker.usage().allocatedBytes(), heapUsed(), gcCount(), gcMillis(), site.cpuStart(),
				site.allocationStart(), site.start()));
		return id;
	}

	private void evictOldestSession() {
		this.sessions.entrySet()
			.stream()
			.min(Comparator.comparingLong((Map.Entry<String, Session> entry) -> entry.getValue().start()))
			.ifPresent((oldest) -> {
				this.sessions.remove(oldest.getKey());
				this.tracker.failed("session",
						"More than " + MAX_OPEN_SESSIONS + " open tracking sessions: dropped the oldest, "
								+ oldest.getKey() + " (are sessions stopped?)",
						new IllegalStateException("too many open sessions"));
			});
	}

	@Override
	public PerformanceMeasurement stopTracking(String sessionId) {
		Session session = this.sessions.remove(sessionId);
		if (session == null) {
			throw new IllegalArgumentException("No open tracking session '" + sessionId + "'");
		}
		long end = this.tracker.clock().monotonicTime();
		boolean sameThread = session.thread() == Thread.currentThread();
		PerformanceMeasurement.Builder measurement = PerformanceMeasurement
			.builder(Duration.ofNanos(end - session.start()));
		if (sameThread && session.cpu() >= 0) {
			measurement.cpuTime(Duration.ofNanos(this.tracker.usage().cpuTimeNanos() - session.cpu()));
		}
		if (sameThread && session.allocation() >= 0) {
			measurement.allocatedBytes(this.tracker.usage().allocatedBytes() - session.allocation());
		}
		measurement.memoryDeltaBytes(heapUsed() - session.heap());
		measurement.gc(gcCount() - session.gcCount(), Duration.ofMillis(gcMillis() - session.gcMillis()));
		session.site()
			.stop(session.start(), sameThread ? session.siteCpu() : -1, sameThread ? session.siteAllocation() : -1,
					null, null, null);
		return measurement.build();
	}

	private static long heapUsed() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static long gcCount() {
		long count = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(0, gc.getCollectionCount());
		}
		return count;
	}

	private static long gcMillis() {
		long millis = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			millis += Math.max(0, gc.getCollectionTime());
		}
		return millis;
	}

	@Override
	public BenchmarkResult benchmark(String name, Callable<?> function, BenchmarkOptions options) {
		Clock clock = this.tracker.clock();
		for (int i = 0; i < options.warmupIterations(); i++) {
			run(name, function, i);
		}
		long[] nanos = new long[options.iterations()];
		for (int i = 0; i < nanos.length; i++) {
			long start = clock.monotonicTime();
			run(name, function, i);
			nanos[i] = Math.max(0, clock.monotonicTime() - start);
		}
		return statistics(name, options, nanos);
	}

	private static void run(String name, Callable<?> function, int iteration) {
		try {
			function.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Benchmark '" + name + "' failed at iteration " + iteration, ex);
		}
	}

	static BenchmarkResult statistics(String name, BenchmarkOptions options, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		double total = 0;
		for (long value : sorted) {
			total += value;
		}
		double mean = total / sorted.length;
		double squares = 0;
		for (long value : sorted) {
			squares += (value - mean) * (value - mean);
		}
		double deviation = Math.sqrt(squares / sorted.length);
		return new BenchmarkResult(name, options.warmupIterations(), sorted.length, nanos(mean),
				Duration.ofNanos(rank(sorted, 0.5)), Duration.ofNanos(rank(sorted, 0.95)),
				Duration.ofNanos(rank(sorted, 0.99)), Duration.ofNanos(sorted[0]),
				Duration.ofNanos(sorted[sorted.length - 1]), nanos(deviation),
				(total > 0) ? sorted.length / (total / 1e9) : 0);
	}

	private static Duration nanos(double nanos) {
		return Duration.ofNanos(Math.round(nanos));
	}

	private static long rank(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	@Override
	public ProfilingResult profile(String name, ProfilingOptions options) {
		return this.profiler.profile(name, null, options);
	}

	@Override
	public ProfilingResult profile(String name, Callable<?> work, ProfilingOptions options) {
		return this.profiler.profile(name, work, options);
	}

	@Override
	public PerformanceReport getPerformanceReport(ReportFilter filter) {
		return Reports.report(this.tracker, filter, Instant.ofEpochMilli(this.tracker.clock().wallTime()));
	}

	/**
	 * The tracker this one records through.
	 * @return the method tracker
	 */
	public MethodTracker getMethodTracker() {
		return this.tracker;
	}

	private record Session(CallSite site, Thread thread, long cpu, long allocation, long heap, long gcCount,
			long gcMillis, long siteCpu, long siteAllocation, long start) {

	}

}
