package dev.bduf.metrics.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.business.BusinessMetrics;
import dev.bduf.metrics.tracking.Tracked;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers, for each bean with {@link Tracked @Tracked} or
 * {@link BusinessMetric @BusinessMetric} methods, the hints that a native image needs to
 * find and evaluate them at runtime:
 * <ul>
 * <li>introspection of each annotated method (and, for a {@code @Tracked} type, of its
 * public methods), so the advisors find the annotations when the bean is proxied;</li>
 * <li>for {@code @BusinessMetric} methods, binding reflection on the return type and the
 * parameter types, which SpEL expressions such as {@code #result.approved} or
 * {@code #order.total} read through their accessors.</li>
 * </ul>
 * On the JVM these hints change nothing; proxying itself is done at runtime by the
 * advisors, which are infrastructure beans applied by Boot's auto-proxy creator whether
 * the bean definitions come from AOT-generated code or not.
 */
class MetricsBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private static final List<Class<? extends java.lang.annotation.Annotation>> ANNOTATIONS = List.of(Tracked.class,
			BusinessMetric.class, BusinessMetrics.class);

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
		if (!AnnotationUtils.isCandidateClass(type, ANNOTATIONS)) {
			return null;
		}
		boolean trackedType = MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).isPresent(Tracked.class);
		List<Method> tracked = new ArrayList<>();
		List<Method> business = new ArrayList<>();
		ReflectionUtils.doWithMethods(type, (method) -> {
			MergedAnnotations annotations = MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY);
			if (annotations.isPresent(Tracked.class)
					|| (trackedType && Modifier.isPublic(method.getModifiers()) && !isObjectMethod(method))) {
				tracked.add(method);
			}
			if (annotations.isPresent(BusinessMetric.class) || annotations.isPresent(BusinessMetrics.class)) {
				business.add(method);
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		if (tracked.isEmpty() && business.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			tracked.forEach((method) -> reflection.registerMethod(method, ExecutableMode.INTROSPECT));
			for (Method method : business) {
				reflection.registerMethod(method, ExecutableMode.INTROSPECT);
				this.bindings.registerReflectionHints(reflection, method.getGenericReturnType());
				this.bindings.registerReflectionHints(reflection, method.getGenericParameterTypes());
			}
		};
	}

	private static boolean isObjectMethod(Method method) {
		return method.getDeclaringClass() == Object.class;
	}

}
