package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Pointcut;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * The AspectJ aspect of {@link Tracked}, for applications that weave with AspectJ
 * (compile or load time) or build proxies with {@code AspectJProxyFactory}: records each
 * call of a tracked method through a {@link MethodTracker}, with the method's meters
 * looked up in a per-method cache.
 * <p>
 * Its pointcut selects what the AspectJ pointcut language can express: methods annotated
 * with {@code @Tracked} directly or through a meta-annotation, and public methods of
 * classes annotated with it (directly, through a meta-annotation or on a superclass).
 * It cannot select an annotation on an implemented interface or interface method; Spring
 * applications therefore get a {@link TrackedAdvisor}, which finds those too, from the
 * auto-configuration. Which {@code @Tracked} applies is resolved once per method, so a
 * method-level annotation wins over a type-level one.
 * <p>
 * The aspect is {@link Ordered}; by default it runs at {@link #DEFAULT_ORDER}, outside
 * transactions, retries and caching advice (which default to the lowest precedence), so
 * a tracked duration includes them.
 */
@Aspect
public class TrackedAspect implements Ordered {

	/**
	 * The default order: {@code Ordered.HIGHEST_PRECEDENCE + 100}.
	 */
	public static final int DEFAULT_ORDER = TrackedAdvisor.DEFAULT_ORDER;

	private final SingletonSupplier<MethodTracker> tracker;

	private final int order;

	/**
	 * An aspect at the default order.
	 * @param tracker records the calls
	 */
	public TrackedAspect(MethodTracker tracker) {
		this(tracker, DEFAULT_ORDER);
	}

	/**
	 * An aspect.
	 * @param tracker records the calls
	 * @param order the aspect's order among other advice
	 */
	public TrackedAspect(MethodTracker tracker, int order) {
		this(() -> tracker, order);
	}

	/**
	 * An aspect whose tracker is looked up on the first call. Spring creates ordered
	 * aspects early, while it sorts advisors; a supplier keeps the registry and what it
	 * depends on from being created then.
	 * @param tracker supplies the tracker that records the calls
	 * @param order the aspect's order among other advice
	 */
	public TrackedAspect(Supplier<MethodTracker> tracker, int order) {
		this.tracker = SingletonSupplier.of(tracker);
		this.order = order;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Pointcut("execution(@dev.bduf.metrics.tracking.Tracked * *(..)) "
			+ "|| execution(@(@dev.bduf.metrics.tracking.Tracked *) * *(..))")
	void trackedMethod() {
	}

	@Pointcut("execution(public * *(..)) && (within(@dev.bduf.metrics.tracking.Tracked *) "
			+ "|| within(@(@dev.bduf.metrics.tracking.Tracked *) *))")
	void trackedType() {
	}

	@Around("trackedMethod() || trackedType()")
	public @Nullable Object track(ProceedingJoinPoint pjp) throws Throwable {
		Object target = pjp.getTarget();
		if (target == null) {
			return pjp.proceed();
		}
		Method method = ((MethodSignature) pjp.getSignature()).getMethod();
		CallSite site = this.tracker.obtain().site(target.getClass(), method);
		return site.around(pjp, ProceedingJoinPoint::proceed, ProceedingJoinPoint::getArgs);
	}

}
