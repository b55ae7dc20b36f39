package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * The advice of {@link TrackedAdvisor}: records each call through a
 * {@link MethodTracker}, with the method's meters looked up in a per-method cache.
 */
final class TrackedMethodInterceptor implements MethodInterceptor {

	private final SingletonSupplier<MethodTracker> tracker;

	TrackedMethodInterceptor(Supplier<MethodTracker> tracker) {
		this.tracker = SingletonSupplier.of(tracker);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		if (target == null) {
			return invocation.proceed();
		}
		Method method = invocation.getMethod();
		CallSite site = this.tracker.obtain().site(target.getClass(), method);
		return site.around(invocation, MethodInvocation::proceed, MethodInvocation::getArguments);
	}

	static boolean isTracked(Method method, Class<?> targetClass) {
		Class<?> userClass = org.springframework.util.ClassUtils.getUserClass(targetClass);
		return MethodTracker.findTracked(userClass, AopUtils.getMostSpecificMethod(method, userClass)).isPresent();
	}

}
