package dev.bduf.metrics.tracking;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Tracks every public method of one object with fixed options; the interceptor behind
 * {@link PerformanceTracker#trackClass}.
 */
final class TrackingInterceptor implements MethodInterceptor {

	private final MethodTracker tracker;

	private final String className;

	private final TrackingOptions options;

	private final ConcurrentHashMap<Method, CallSite> sites = new ConcurrentHashMap<>();

	TrackingInterceptor(MethodTracker tracker, Class<?> targetClass, TrackingOptions options) {
		this.tracker = tracker;
		this.className = targetClass.getName();
		this.options = options;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		CallSite site = this.sites.get(method);
		if (site == null) {
			site = this.sites.computeIfAbsent(method, this::site);
		}
		return site.around(invocation, MethodInvocation::proceed, MethodInvocation::getArguments);
	}

	private CallSite site(Method method) {
		if (!MethodTracker.isTrackedByType(method)) {
			return CallSite.untracked(this.tracker, Object.class);
		}
		return this.tracker.site(this.className, method.getName(), this.options);
	}

}
