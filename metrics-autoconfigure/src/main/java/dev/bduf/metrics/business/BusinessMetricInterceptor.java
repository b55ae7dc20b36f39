package dev.bduf.metrics.business;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.bduf.metrics.MetricsCollector;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * The advice of {@link BusinessMetricAdvisor}: calls the method, then records its
 * {@link BusinessMetric} annotations, each method's expressions parsed on its first call
 * and cached. A {@link CompletionStage} is recorded when it completes, and returned as
 * it is. Nothing here changes what the method returns or throws.
 */
final class BusinessMetricInterceptor implements MethodInterceptor {

	private final SingletonSupplier<MetricsCollector> collector;

	private final BusinessMetricFailures failures;

	private final Map<MethodClassKey, MethodBusinessMetrics> methods = new ConcurrentHashMap<>();

	BusinessMetricInterceptor(Supplier<MetricsCollector> collector, BusinessMetricFailures failures) {
		this.collector = SingletonSupplier.of(collector);
		this.failures = failures;
	}

	BusinessMetricFailures failures() {
		return this.failures;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			record(invocation, arguments, null, ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			try {
				stage.whenComplete((value, failure) -> record(invocation, arguments, value, unwrap(failure)));
			}
			catch (RuntimeException ex) {
				// a stage that refuses dependants: recorded now, as a plain result
				record(invocation, arguments, result, null);
			}
			return result;
		}
		record(invocation, arguments, result, null);
		return result;
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private void record(MethodInvocation invocation, Object[] arguments, @Nullable Object result,
			@Nullable Throwable exception) {
		try {
			Object target = invocation.getThis();
			Class<?> targetClass = (target != null) ? ClassUtils.getUserClass(target) : invocation.getMethod()
				.getDeclaringClass();
			MethodBusinessMetrics metrics = metrics(invocation.getMethod(), targetClass);
			metrics.record(this.collector.obtain(), this.failures, arguments, result, exception);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.fail(BusinessMetricFailures.Reason.EVALUATION_FAILED,
					() -> "Business metrics of " + invocation.getMethod() + " were not recorded", ex);
		}
	}

	MethodBusinessMetrics metrics(Method method, Class<?> targetClass) {
		return this.methods.computeIfAbsent(new MethodClassKey(method, targetClass), (key) -> {
			Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
			return MethodBusinessMetrics.of(specific, find(specific), this.failures);
		});
	}

	static List<BusinessMetric> find(Method method) {
		return MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)
			.stream(BusinessMetric.class)
			.map(MergedAnnotation::synthesize)
			.toList();
	}

	static boolean isAnnotated(Method method, Class<?> targetClass) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		return !find(AopUtils.getMostSpecificMethod(method, userClass)).isEmpty();
	}

}
