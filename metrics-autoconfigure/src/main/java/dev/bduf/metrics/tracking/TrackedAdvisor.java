package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * The Spring AOP advisor of {@link Tracked}, registered by the auto-configuration. Its
 * pointcut is static (decided once per method when the proxy is built, never per call)
 * and uses Spring's merged annotations, so it finds {@code @Tracked}:
 * <ul>
 * <li>on the method, or on the interface or superclass method it implements or
 * overrides;</li>
 * <li>on the class, a superclass or an implemented interface, for public methods
 * (those of {@code Object} and their overrides excepted); a method-level annotation
 * wins;</li>
 * <li>as a meta-annotation, with attributes redeclared through {@code @AliasFor}.</li>
 * </ul>
 * Only calls through the proxy are tracked: not a bean's calls to itself, and not final
 * or private methods (which a proxy cannot override).
 */
public final class TrackedAdvisor extends AbstractPointcutAdvisor {

	/**
	 * The default order: {@code Ordered.HIGHEST_PRECEDENCE + 100}, outside transactions,
	 * retries and caching (which default to the lowest precedence), so a tracked duration
	 * includes them.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final TrackedMethodInterceptor interceptor;

	private final Pointcut pointcut = new TrackedPointcut(this);

	/** Tracked methods found while proxies are built, until the tracker takes them. */
	private final Set<Candidate> candidates = ConcurrentHashMap.newKeySet();

	/**
	 * An advisor at the default order.
	 * @param tracker records the calls
	 */
	public TrackedAdvisor(MethodTracker tracker) {
		this(() -> tracker, DEFAULT_ORDER);
	}

	/**
	 * An advisor whose tracker is looked up on the first call, so that building the
	 * advisor while Spring sorts advisors creates nothing else.
	 * @param tracker supplies the tracker that records the calls
	 * @param order the advisor's order among other advice
	 */
	public TrackedAdvisor(Supplier<MethodTracker> tracker, int order) {
		this.interceptor = new TrackedMethodInterceptor(tracker);
		setOrder(order);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

	/**
	 * Hand over the tracked methods found since the last call: the methods of every bean
	 * proxied so far, known before any of them is called.
	 * @param consumer receives each method with the class of its bean
	 */
	public void drainCandidates(BiConsumer<Class<?>, Method> consumer) {
		for (Candidate candidate : this.candidates) {
			if (this.candidates.remove(candidate)) {
				consumer.accept(candidate.targetClass(), candidate.method());
			}
		}
	}

	private record Candidate(Class<?> targetClass, Method method) {

	}

	private static final class TrackedPointcut extends StaticMethodMatcherPointcut {

		private final TrackedAdvisor advisor;

		TrackedPointcut(TrackedAdvisor advisor) {
			this.advisor = advisor;
			setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, Tracked.class));
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			boolean tracked = TrackedMethodInterceptor.isTracked(method, targetClass);
			if (tracked && !targetClass.isInterface()) {
				this.advisor.candidates.add(new Candidate(targetClass, method));
			}
			return tracked;
		}

	}

}
