package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.SeriesRegistrar;
import dev.bduf.metrics.collector.ThreadUsage;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * The engine behind {@link TrackedAspect} and the {@link PerformanceTracker}: resolves
 * {@link Tracked} per method once, caches each method's meters, and records calls into
 * the {@link MeterRegistry}. Recording never throws into the tracked call: a failure (a
 * registry that throws, a tags provider that throws, a malformed annotation) is counted
 * in {@link #getFailures()} and logged, the first time at WARN and then at DEBUG.
 */
public final class MethodTracker {

	private static final Log logger = LogFactory.getLog(MethodTracker.class);

	private final MeterRegistry registry;

	private final SeriesRegistrar registrar;

	/** Tracked methods found before their first call (by the advisor's pointcut), to resolve first. */
	private volatile @Nullable Consumer<BiConsumer<Class<?>, Method>> candidates;

	private final Clock clock;

	private final TrackingSettings settings;

	private final @Nullable ApplicationEventPublisher publisher;

	private final List<TrackingExtension> extensions;

	private final @Nullable TrackedTagsProvider tagsProvider;

	private final ThreadUsage usage;

	private final ConcurrentHashMap<Method, CallSite> fastSites = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<SiteKey, CallSite> sites = new ConcurrentHashMap<>();

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	private final AtomicLong failures = new AtomicLong();

	private final Set<String> failureKinds = ConcurrentHashMap.newKeySet();

	/**
	 * A tracker with the default settings, without events or extensions.
	 * @param registry where calls are recorded
	 */
	public MethodTracker(MeterRegistry registry) {
		this(registry, TrackingSettings.defaults(), null, List.of(), null);
	}

	/**
	 * A tracker recording through its own series layer over a registry.
	 * @param registry where calls are recorded
	 * @param settings application-wide settings
	 * @param publisher where {@link SlowCallEvent}s go, or {@code null}
	 * @param extensions timers of further asynchronous result types
	 * @param tagsProvider further tags per method, or {@code null}
	 */

	/**
	 * A tracker.
	 * @param registry where calls are recorded
	 * @param settings application-wide settings
	 * @param publisher where {@link SlowCallEvent}s go, or {@code null}
	 * @param extensions timers of further asynchronous result types
	 * @param tagsProvider further tags per method, or {@code null}
	 */
	public MethodTracker(MeterRegistry registry, TrackingSettings settings,
			@Nullable ApplicationEventPublisher publisher, List<TrackingExtension> extensions,
			@Nullable TrackedTagsProvider tagsProvider) {
		this(new SeriesRegistrar(registry, CollectorSettings.builder().build(), registry.config().clock()), settings,
				publisher, extensions, tagsProvider);
	}

	/**
	 * A tracker recording through the series layer the collector shares, so tracked
	 * meters obey the collector's rules and appear in its statistics.
	 * @param registrar the series layer
	 * @param settings application-wide settings
	 * @param publisher where {@link SlowCallEvent}s go, or {@code null}
	 * @param extensions timers of further asynchronous result types
	 * @param tagsProvider further tags per method, or {@code null}
	 */
	public MethodTracker(SeriesRegistrar registrar, TrackingSettings settings,
			@Nullable ApplicationEventPublisher publisher, List<TrackingExtension> extensions,
			@Nullable TrackedTagsProvider tagsProvider) {
		this(registrar, settings, publisher, extensions, tagsProvider, ThreadUsage.get());
	}

	MethodTracker(MeterRegistry registry, TrackingSettings settings, @Nullable ApplicationEventPublisher publisher,
			List<TrackingExtension> extensions, @Nullable TrackedTagsProvider tagsProvider, ThreadUsage usage) {
		this(new SeriesRegistrar(registry, CollectorSettings.builder().build(), registry.config().clock()), settings,
				publisher, extensions, tagsProvider, usage);
	}

	MethodTracker(SeriesRegistrar registrar, TrackingSettings settings, @Nullable ApplicationEventPublisher publisher,
			List<TrackingExtension> extensions, @Nullable TrackedTagsProvider tagsProvider, ThreadUsage usage) {
		this.registrar = registrar;
		this.registry = registrar.getRegistry();
		this.clock = this.registry.config().clock();
		this.settings = settings;
		this.publisher = publisher;
		this.extensions = List.copyOf(extensions);
		this.tagsProvider = tagsProvider;
		this.usage = usage;
		if (!usage.isCpuTimeSupported()) {
			logger.info("This JVM does not measure per-thread CPU time: trackCpu records nothing");
		}
		if (!usage.isAllocationSupported()) {
			logger.info("This JVM does not measure per-thread allocation: trackMemory records nothing");
		}
	}

	/**
	 * The call site of a method of a target class: resolved and cached on the first call.
	 * @param targetClass the class of the object called
	 * @param method the method called (possibly an interface method)
	 * @return the call site; {@link CallSite#isTracked()} is {@code false} when neither
	 * the method nor its type carries {@link Tracked}
	 */
	CallSite site(Class<?> targetClass, Method method) {
		CallSite site = this.fastSites.get(method);
		if (site != null && site.targetClass == targetClass) {
			return site;
		}
		resolveCandidates();
		site = this.sites.computeIfAbsent(new SiteKey(targetClass, method), (key) -> resolve(targetClass, method));
		this.fastSites.putIfAbsent(method, site);
		return site;
	}

	/**
	 * Give the tracker the tracked methods found before their first call: on the first
	 * call of any tracked method, all of them are resolved, so methods that share a meter
	 * name declare their tag keys before the name's first series fixes them.
	 * @param candidates hands over (and forgets) the methods found so far
	 */
	public void setCandidates(Consumer<BiConsumer<Class<?>, Method>> candidates) {
		this.candidates = candidates;
	}

	private void resolveCandidates() {
		Consumer<BiConsumer<Class<?>, Method>> source = this.candidates;
		if (source != null) {
			source.accept((targetClass, method) -> this.sites.computeIfAbsent(new SiteKey(targetClass, method),
					(key) -> resolve(targetClass, method)));
		}
	}

	/**
	 * A call site tracked with the given options, for programmatic tracking. The caller
	 * keeps it: its meters are cached in it.
	 * @param className the {@code class} tag
	 * @param methodName the {@code method} tag
	 * @param options what to track
	 * @return the call site
	 */
	CallSite site(String className, String methodName, TrackingOptions options) {
		return new CallSite(this, Object.class, className, methodName, options, Map.of(), null);
	}

	private CallSite resolve(Class<?> targetClass, Method method) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		Method specific = AopUtils.getMostSpecificMethod(method, userClass);
		MergedAnnotation<Tracked> annotation = findTracked(userClass, specific);
		if (!annotation.isPresent()) {
			return CallSite.untracked(this, targetClass);
		}
		String where = userClass.getName() + "." + specific.getName();
		TrackingOptions options = TrackingOptions.from(annotation.synthesize(),
				(problem) -> failed("annotation", "Ignoring part of @Tracked on " + where, problem));
		Map<String, String> extra = Map.of();
		TrackedTagsProvider provider = this.tagsProvider;
		if (provider != null) {
			try {
				Map<String, String> tags = new java.util.TreeMap<>();
				provider.tags(userClass, specific).forEach((tag) -> tags.put(tag.getKey(), tag.getValue()));
				extra = tags;
			}
			catch (RuntimeException ex) {
				failed("tags", "TrackedTagsProvider failed for " + where + "; tracking it without its tags", ex);
			}
		}
		return new CallSite(this, targetClass, userClass.getName(), specific.getName(), options, extra,
				options.includeArgs() ? ArgumentTags.of(specific, this.settings.maxArgumentTagValues()) : null);
	}

	/**
	 * The {@code @Tracked} that applies to a method of a class: on the method (or a method
	 * it overrides or implements, or as a meta-annotation), else on the class (or a
	 * supertype or interface) for its public methods.
	 * @param userClass the class, not a proxy class
	 * @param specific the most specific method of the class
	 * @return the merged annotation, possibly missing
	 */
	static MergedAnnotation<Tracked> findTracked(Class<?> userClass, Method specific) {
		MergedAnnotation<Tracked> annotation = MergedAnnotations.from(specific, SearchStrategy.TYPE_HIERARCHY)
			.get(Tracked.class);
		if (annotation.isPresent() || !isTrackedByType(specific)) {
			return annotation;
		}
		return MergedAnnotations.from(userClass, SearchStrategy.TYPE_HIERARCHY).get(Tracked.class);
	}

	/**
	 * Whether a type-level {@code @Tracked} covers a method: public methods, except those
	 * of {@code Object} and their overrides ({@code equals}, {@code hashCode},
	 * {@code toString}).
	 */
	static boolean isTrackedByType(Method method) {
		return Modifier.isPublic(method.getModifiers()) && method.getDeclaringClass() != Object.class
				&& !AopUtils.isEqualsMethod(method) && !AopUtils.isHashCodeMethod(method)
				&& !AopUtils.isToStringMethod(method);
	}

	void failed(String kind, String message, Throwable ex) {
		this.failures.incrementAndGet();
		if (this.failureKinds.add(kind)) {
			logger.warn(message + " (further failures of this kind are logged at DEBUG)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	void registered(String name) {
		this.names.add(name);
	}

	/**
	 * How many recordings failed (and were dropped) since start.
	 * @return the failure count
	 */
	public long getFailures() {
		return this.failures.get();
	}

	/**
	 * The meter names that tracked calls were recorded under.
	 * @return the names
	 */
	public Set<String> getTrackedNames() {
		return Set.copyOf(this.names);
	}

	/**
	 * The registry calls are recorded into.
	 * @return the registry
	 */
	public MeterRegistry getRegistry() {
		return this.registry;
	}

	/**
	 * The series layer calls are recorded through.
	 * @return the registrar
	 */
	public SeriesRegistrar getRegistrar() {
		return this.registrar;
	}

	SeriesRegistrar registrar() {
		return this.registrar;
	}

	Clock clock() {
		return this.clock;
	}

	TrackingSettings settings() {
		return this.settings;
	}

	ThreadUsage usage() {
		return this.usage;
	}

	@Nullable ApplicationEventPublisher publisher() {
		return this.publisher;
	}

	@Nullable TrackingExtension extensionFor(Object result) {
		for (TrackingExtension extension : this.extensions) {
			if (extension.supports(result)) {
				return extension;
			}
		}
		return null;
	}

	private record SiteKey(Class<?> targetClass, Method method) {

	}

}
