package dev.bduf.metrics.business;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import dev.bduf.metrics.MetricsCollector;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * The Spring AOP advisor of {@link BusinessMetric}, registered by the auto-configuration.
 * Its pointcut is static (decided once per method when the proxy is built) and uses
 * Spring's merged annotations, so it finds {@code @BusinessMetric} (repeated or not) on
 * the method or on the interface or superclass method it implements or overrides, and
 * as a meta-annotation. Only calls through the proxy are recorded: not a bean's calls to
 * itself, and not final or private methods.
 */
public final class BusinessMetricAdvisor extends AbstractPointcutAdvisor {

	/**
	 * The default order: {@code Ordered.HIGHEST_PRECEDENCE + 200}, inside {@code @Tracked}
	 * (which defaults to {@code HIGHEST_PRECEDENCE + 100}) and outside transactions, so a
	 * value is recorded once the work, commit included, has succeeded.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

	private final BusinessMetricInterceptor interceptor;

	private final Pointcut pointcut = new BusinessMetricPointcut();

	/**
	 * An advisor at the default order.
	 * @param collector records the values
	 */
	public BusinessMetricAdvisor(MetricsCollector collector) {
		this(() -> collector, new BusinessMetricFailures(), DEFAULT_ORDER);
	}

	/**
	 * An advisor whose collector is looked up on the first call, so that building the
	 * advisor while Spring sorts advisors creates nothing else.
	 * @param collector supplies the collector that records the values
	 * @param failures counts the values that could not be recorded
	 * @param order the advisor's order among other advice
	 */
	public BusinessMetricAdvisor(Supplier<MetricsCollector> collector, BusinessMetricFailures failures, int order) {
		this.interceptor = new BusinessMetricInterceptor(collector, failures);
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
	 * The business metrics that could not be recorded.
	 * @return the failure counts
	 */
	public BusinessMetricFailures getFailures() {
		return this.interceptor.failures();
	}

	private static final class BusinessMetricPointcut extends StaticMethodMatcherPointcut {

		BusinessMetricPointcut() {
			setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, BusinessMetric.class)
					|| AnnotationUtils.isCandidateClass(type, BusinessMetrics.class));
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return BusinessMetricInterceptor.isAnnotated(method, targetClass);
		}

	}

}
