package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * The advice of {@link TrackedAdvisor}: records each call through a
 * {@link MethodTracker}, with the method's meters looked up in a per-method cache.
 */
final class TrackedMethodInterceptor implements MethodInterceptor {

	private final Supplier<MethodTracker> trackerSupplier;

	private volatile @Nullable MethodTracker tracker;

	TrackedMethodInterceptor(Supplier<MethodTracker> tracker) {
		this.trackerSupplier = tracker;
	}

	private MethodTracker tracker() {
		MethodTracker tracker = this.tracker;
		if (tracker == null) {
			tracker = this.trackerSupplier.get();
			this.tracker = tracker;
		}
		return tracker;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		if (target == null) {
			return invocation.proceed();
		}
		Method method = invocation.getMethod();
		CallSite site = tracker().site(target.getClass(), method);
		return site.around(invocation, MethodInvocation::proceed, MethodInvocation::getArguments);
	}

	static boolean isTracked(Method method, Class<?> targetClass) {
		Class<?> userClass = org.springframework.util.ClassUtils.getUserClass(targetClass);
		return MethodTracker.findTracked(userClass, AopUtils.getMostSpecificMethod(method, userClass)).isPresent();
	}

}
