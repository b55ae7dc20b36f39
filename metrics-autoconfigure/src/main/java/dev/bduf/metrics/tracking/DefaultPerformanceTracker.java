package dev.bduf.metrics.tracking;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.collector.ThreadUsage;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The {@link PerformanceTracker}, recording through a {@link MethodTracker}.
 */
public final class DefaultPerformanceTracker implements PerformanceTracker {

	/**
	 * How many running sessions {@link #stopTracking(String)} can find by id.
	 */
	static final int MAX_INDEXED_SESSIONS = 10_000;

	/**
	 * What {@link #stopTracking(String)} returns for an id it does not know.
	 */
	static final PerformanceMeasurement NOT_FOUND = PerformanceMeasurement.of(Duration.ZERO);

	private final MethodTracker tracker;

	private final Profiler profiler;

	private final Jvm jvm;

	private final SessionIndex index;

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
		this(tracker, profiling, MAX_INDEXED_SESSIONS);
	}

	DefaultPerformanceTracker(MethodTracker tracker, ProfilingSettings profiling, int maxIndexedSessions) {
		this.tracker = tracker;
		this.profiler = new Profiler(profiling);
		this.jvm = new Jvm(tracker.usage());
		this.index = new SessionIndex(maxIndexedSessions);
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
		Class<?> type = userClass(object);
		if (Modifier.isFinal(type.getModifiers())) {
			Class<?>[] interfaces = type.getInterfaces();
			String fix = (interfaces.length > 0)
					? "track it as one of its interfaces with trackClass(object, " + interfaces[0].getSimpleName()
							+ ".class, options)"
					: "make the class non-final, or give it an interface and use trackClass(object, TheInterface.class, options)";
			throw new IllegalArgumentException(type.getName()
					+ " is final: it cannot be subclassed, and a proxy of its interfaces would not be a "
					+ type.getSimpleName() + "; " + fix);
		}
		ProxyFactory factory = new ProxyFactory(object);
		factory.setProxyTargetClass(true);
		factory.addAdvice(new TrackingInterceptor(this.tracker, type, options));
		return (T) factory.getProxy(type.getClassLoader());
	}

	@Override
	public <I> I trackClass(Object object, Class<I> asInterface, TrackingOptions options) {
		Class<?> type = userClass(object);
		Assert.notNull(asInterface, "asInterface must not be null");
		if (!asInterface.isInterface()) {
			throw new IllegalArgumentException(asInterface.getName()
					+ " is not an interface; use trackClass(object, options) for a class-based proxy");
		}
		if (!asInterface.isInstance(object)) {
			throw new IllegalArgumentException(
					type.getName() + " does not implement " + asInterface.getName() + ": it cannot be tracked as one");
		}
		ProxyFactory factory = new ProxyFactory();
		factory.setTarget(object);
		factory.addInterface(asInterface);
		factory.setProxyTargetClass(false);
		factory.addAdvice(new TrackingInterceptor(this.tracker, type, options));
		return asInterface.cast(factory.getProxy(asInterface.getClassLoader()));
	}

	private static Class<?> userClass(@Nullable Object object) {
		Assert.notNull(object, "object must not be null");
		return ClassUtils.getUserClass(object);
	}

	@Override
	public TrackingSession startTracking(String name, TrackingOptions options) {
		String id = name + "#" + this.sessionIds.incrementAndGet();
		CallSite site = this.tracker.site(SESSION_CLASS, name, options);
		Session session = new Session(id, name, site, this.jvm.start());
		this.index.put(session);
		return session;
	}

	@Override
	public PerformanceMeasurement stopTracking(String sessionId) {
		Session session = this.index.remove(sessionId);
		if (session == null) {
			this.tracker.failed("session", "No running tracking session '" + sessionId
					+ "' (never started, already stopped, or dropped from the index of the " + this.index.capacity()
					+ " most recently started running sessions; stop long sessions through their handle): "
					+ "returned an empty measurement", new IllegalArgumentException("unknown tracking session"));
			return NOT_FOUND;
		}
		return session.stop();
	}

	/**
	 * How many running sessions {@link #stopTracking(String)} can find now.
	 * @return the size of the index
	 */
	int indexedSessions() {
		return this.index.size();
	}

	/**
	 * The most recently started running sessions by id, for
	 * {@link #stopTracking(String)}: bounded, dropping the oldest in constant time. Its
	 * lock is held only to add or remove one entry, never while measuring.
	 */
	private static final class SessionIndex {

		private final int capacity;

		private final Map<String, Session> sessions;

		SessionIndex(int capacity) {
			Assert.isTrue(capacity > 0, "capacity must be positive");
			this.capacity = capacity;
			this.sessions = new LinkedHashMap<>(16, 0.75f, false) {

				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
					return size() > capacity;
				}

			};
		}

		int capacity() {
			return this.capacity;
		}

		void put(Session session) {
			synchronized (this.sessions) {
				this.sessions.put(session.id, session);
			}
		}

		@Nullable Session remove(@Nullable String id) {
			if (id == null) {
				return null;
			}
			synchronized (this.sessions) {
				return this.sessions.remove(id);
			}
		}

		void remove(Session session) {
			synchronized (this.sessions) {
				this.sessions.remove(session.id, session);
			}
		}

		int size() {
			synchronized (this.sessions) {
				return this.sessions.size();
			}
		}

	}

	/**
	 * A session: the handle holds everything taken at its start, so it stops correctly
	 * whether or not the index still holds it.
	 */
	private final class Session implements TrackingSession {

		private final String id;

		private final String name;

		private final CallSite site;

		private final Thread thread;

		private final Jvm.Start jvmStart;

		private final long siteCpu;

		private final long siteAllocation;

		private final long start;

		private volatile @Nullable PerformanceMeasurement measurement;

		Session(String id, String name, CallSite site, Jvm.Start jvmStart) {
			this.id = id;
			this.name = name;
			this.site = site;
			this.thread = Thread.currentThread();
			this.jvmStart = jvmStart;
			this.siteCpu = site.cpuStart();
			this.siteAllocation = site.allocationStart();
			this.start = site.start();
		}

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public boolean isRunning() {
			return this.measurement == null;
		}

		@Override
		public PerformanceMeasurement stop() {
			PerformanceMeasurement done = this.measurement;
			if (done != null) {
				return done;
			}
			DefaultPerformanceTracker.this.index.remove(this);
			// only a concurrent stop of this same session ever waits here
			synchronized (this) {
				done = this.measurement;
				if (done == null) {
					done = measure();
					this.measurement = done;
				}
				return done;
			}
		}

		@Override
		public void close() {
			stop();
		}

		private PerformanceMeasurement measure() {
			long end = DefaultPerformanceTracker.this.tracker.clock().monotonicTime();
			Duration duration = Duration.ofNanos(Math.max(0, end - this.start));
			boolean sameThread = this.thread == Thread.currentThread();
			PerformanceMeasurement measurement;
			try {
				measurement = DefaultPerformanceTracker.this.jvm.measure(duration, this.jvmStart, sameThread);
			}
			catch (RuntimeException | LinkageError ex) {
				DefaultPerformanceTracker.this.tracker.failed("session",
						"Could not read the JVM's figures for tracking session '" + this.id + "'", ex);
				measurement = PerformanceMeasurement.of(duration);
			}
			this.site.stop(this.start, sameThread ? this.siteCpu : -1, sameThread ? this.siteAllocation : -1, null,
					null, null);
			return measurement;
		}

		@Override
		public String toString() {
			return "TrackingSession{" + this.id + (isRunning() ? ", running}" : ", stopped}");
		}

	}

	/**
	 * Reads what the JVM can tell about a session: CPU time (user and system) and
	 * allocation of the current thread, heap, non-heap and direct-buffer use, and GC per
	 * collector.
	 */
	static final class Jvm {

		private final ThreadUsage usage;

		private final @Nullable ThreadMXBean threads;

		private final MemoryMXBean memory;

		private final List<GarbageCollectorMXBean> collectors;

		private final @Nullable BufferPoolMXBean direct;

		Jvm(ThreadUsage usage) {
			this.usage = usage;
			this.threads = usage.isCpuTimeSupported() ? ManagementFactory.getThreadMXBean() : null;
			this.memory = ManagementFactory.getMemoryMXBean();
			this.collectors = List.copyOf(ManagementFactory.getGarbageCollectorMXBeans());
			this.direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
				.stream()
				.filter((pool) -> "direct".equals(pool.getName()))
				.findFirst()
				.orElse(null);
		}

		Start start() {
			long[] gc = new long[this.collectors.size() * 2];
			for (int i = 0; i < this.collectors.size(); i++) {
				GarbageCollectorMXBean collector = this.collectors.get(i);
				gc[2 * i] = Math.max(0, collector.getCollectionCount());
				gc[2 * i + 1] = Math.max(0, collector.getCollectionTime());
			}
			return new Start(this.usage.cpuTimeNanos(), userTime(), this.usage.allocatedBytes(),
					this.memory.getHeapMemoryUsage().getUsed(), gc);
		}

		private long userTime() {
			ThreadMXBean threads = this.threads;
			return (threads != null) ? threads.getCurrentThreadUserTime() : -1;
		}

		PerformanceMeasurement measure(Duration duration, Start start, boolean sameThread) {
			PerformanceMeasurement.Builder measurement = PerformanceMeasurement.builder(duration);
			if (sameThread) {
				long cpuEnd = this.usage.cpuTimeNanos();
				long userEnd = userTime();
				if (start.cpu() >= 0 && cpuEnd >= start.cpu()) {
					long cpu = cpuEnd - start.cpu();
					measurement.cpuTime(Duration.ofNanos(cpu));
					if (start.user() >= 0 && userEnd >= start.user()) {
						// user time can be coarser than CPU time: keep user + system = cpu
						long user = Math.min(cpu, userEnd - start.user());
						measurement.cpuTime(Duration.ofNanos(user), Duration.ofNanos(cpu - user));
					}
				}
				long allocationEnd = this.usage.allocatedBytes();
				if (start.allocation() >= 0 && allocationEnd >= start.allocation()) {
					measurement.allocatedBytes(allocationEnd - start.allocation());
				}
			}
			MemoryUsage heap = this.memory.getHeapMemoryUsage();
			measurement.memoryDeltaBytes(heap.getUsed() - start.heapUsed());
			measurement.heap(heap.getUsed(), heap.getCommitted());
			measurement.nonHeapUsedBytes(this.memory.getNonHeapMemoryUsage().getUsed());
			BufferPoolMXBean direct = this.direct;
			if (direct != null) {
				measurement.directBufferBytes(direct.getMemoryUsed());
			}
			long totalCount = 0;
			long totalMillis = 0;
			for (int i = 0; i < this.collectors.size(); i++) {
				GarbageCollectorMXBean collector = this.collectors.get(i);
				long count = Math.max(0, Math.max(0, collector.getCollectionCount()) - start.gc()[2 * i]);
				long millis = Math.max(0, Math.max(0, collector.getCollectionTime()) - start.gc()[2 * i + 1]);
				measurement.gc(collector.getName(), count, Duration.ofMillis(millis));
				totalCount += count;
				totalMillis += millis;
			}
			return measurement.gc(totalCount, Duration.ofMillis(totalMillis)).build();
		}

		/**
		 * What the JVM read at a session's start.
		 *
		 * @param cpu CPU time of the thread, or {@code -1}
		 * @param user user CPU time of the thread, or {@code -1}
		 * @param allocation bytes allocated by the thread, or {@code -1}
		 * @param heapUsed used heap
		 * @param gc count and milliseconds of each collector, in turn
		 */
		record Start(long cpu, long user, long allocation, long heapUsed, long[] gc) {

		}

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

}
