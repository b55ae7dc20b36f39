package dev.bduf.metrics.business;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.business.BusinessMetricFailures.Reason;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * The {@link BusinessMetric} annotations of one method, their expressions parsed once.
 * Recording never throws.
 */
final class MethodBusinessMetrics {

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final String methodName;

	private final String @Nullable [] argumentNames;

	private final List<Definition> definitions;

	private MethodBusinessMetrics(String methodName, String @Nullable [] argumentNames, List<Definition> definitions) {
		this.methodName = methodName;
		this.argumentNames = argumentNames;
		this.definitions = definitions;
	}

	static MethodBusinessMetrics of(Method method, List<BusinessMetric> annotations, BusinessMetricFailures failures) {
		String methodName = method.getDeclaringClass().getSimpleName() + "." + method.getName();
		List<Definition> definitions = new ArrayList<>(annotations.size());
		for (BusinessMetric annotation : annotations) {
			definitions.add(Definition.of(methodName, annotation, failures));
		}
		return new MethodBusinessMetrics(methodName, parameterNames.getParameterNames(method),
				List.copyOf(definitions));
	}

	/**
	 * Record every metric of the method for one call.
	 * @param collector records the values
	 * @param failures counts what cannot be recorded
	 * @param arguments the call's arguments
	 * @param result what the call returned (or its stage completed with)
	 * @param exception what it threw, or {@code null}
	 */
	void record(MetricsCollector collector, BusinessMetricFailures failures, @Nullable Object[] arguments,
			@Nullable Object result, @Nullable Throwable exception) {
		EvaluationContext context = null;
		for (Definition definition : this.definitions) {
			if (exception != null && !definition.onException) {
				continue;
			}
			try {
				if (context == null) {
					context = context(arguments, result, exception);
				}
				definition.record(collector, failures, context);
			}
			catch (RuntimeException | LinkageError | StackOverflowError ex) {
				// the collector itself threw (a user's collector may)
				failures.fail(Reason.EVALUATION_FAILED, () -> "Business metric '" + definition.name + "' of "
						+ this.methodName + " failed in the collector", ex);
			}
		}
	}

	private EvaluationContext context(@Nullable Object[] arguments, @Nullable Object result,
			@Nullable Throwable exception) {
		EvaluationContext context = RestrictedExpressions.context();
		for (int i = 0; i < arguments.length; i++) {
			context.setVariable("p" + i, arguments[i]);
			context.setVariable("a" + i, arguments[i]);
			if (this.argumentNames != null && i < this.argumentNames.length) {
				context.setVariable(this.argumentNames[i], arguments[i]);
			}
		}
		context.setVariable("result", result);
		context.setVariable("exception", exception);
		return context;
	}

	/**
	 * One annotation, parsed.
	 */
	private static final class Definition {

		private final String methodName;

		private final String name;

		private final MetricUnit unit;

		/** The parsed value, or null for a constant. */
		private final @Nullable Expression value;

		private final double constant;

		private final List<String> tagKeys;

		/** Per tag: a constant String or an Expression. */
		private final List<Object> tagValues;

		private final @Nullable Expression condition;

		private final boolean onException;

		/** Why the annotation cannot be used, or null. */
		private final @Nullable String invalid;

		private Definition(String methodName, String name, MetricUnit unit, @Nullable Expression value,
				double constant, List<String> tagKeys, List<Object> tagValues, @Nullable Expression condition,
				boolean onException, @Nullable String invalid) {
			this.methodName = methodName;
			this.name = name;
			this.unit = unit;
			this.value = value;
			this.constant = constant;
			this.tagKeys = tagKeys;
			this.tagValues = tagValues;
			this.condition = condition;
			this.onException = onException;
			this.invalid = invalid;
		}

		static Definition of(String methodName, BusinessMetric annotation, BusinessMetricFailures failures) {
			String name = annotation.name();
			MetricUnit unit = annotation.unit();
			try {
				Expression value = null;
				double constant = 0;
				String valueText = annotation.value().strip();
				try {
					constant = Double.parseDouble(valueText);
				}
				catch (NumberFormatException ex) {
					value = RestrictedExpressions.parse(valueText);
				}
				List<String> keys = new ArrayList<>();
				List<Object> values = new ArrayList<>();
				for (String tag : annotation.tags()) {
					int equals = tag.indexOf('=');
					if (equals <= 0) {
						throw new IllegalArgumentException("tag '" + tag + "' is not key=value");
					}
					String key = tag.substring(0, equals).strip();
					String text = tag.substring(equals + 1).strip();
					if (keys.contains(key)) {
						throw new IllegalArgumentException("tag key '" + key + "' is given twice");
					}
					keys.add(key);
					values.add(text.startsWith("#") ? RestrictedExpressions.parse(text) : text);
				}
				if (unit.isMoney() && keys.contains("direction")) {
					throw new IllegalArgumentException("tag key 'direction' is reserved for amounts of money");
				}
				String conditionText = annotation.condition().strip();
				Expression condition = conditionText.isEmpty() ? null : RestrictedExpressions.parse(conditionText);
				return new Definition(methodName, name, unit, value, constant, List.copyOf(keys),
						List.copyOf(values), condition, condition != null && conditionText.contains("#exception"),
						null);
			}
			catch (IllegalArgumentException ex) {
				return new Definition(methodName, name, unit, null, 0, List.of(), List.of(), null, false,
						ex.getMessage());
			}
		}

		void record(MetricsCollector collector, BusinessMetricFailures failures, EvaluationContext context) {
			Map<String, Object> tags = new LinkedHashMap<>(this.tagKeys.size() + 1);
			Double evaluated;
			try {
				evaluated = evaluate(collector, failures, context, tags);
			}
			catch (RuntimeException | StackOverflowError ex) {
				fail(collector, failures, Reason.EVALUATION_FAILED, "an expression failed", ex);
				return;
			}
			if (evaluated == null) {
				return;
			}
			double amount = evaluated;
			if (this.unit.isMoney()) {
				tags.put(Money.DIRECTION, Money.direction(amount));
				amount = Math.abs(amount);
			}
			collector.businessMetric(this.name, amount, this.unit, tags);
		}

		/**
		 * Evaluate the condition, value and tags into {@code tags}.
		 * @return the value, or {@code null} when nothing is to be recorded
		 */
		private @Nullable Double evaluate(MetricsCollector collector, BusinessMetricFailures failures,
				EvaluationContext context, Map<String, Object> tags) {
			if (this.invalid != null) {
				fail(collector, failures, Reason.INVALID_EXPRESSION, this.invalid, null);
				return null;
			}
			if (this.condition != null) {
				Object decision = this.condition.getValue(context);
				if (!(decision instanceof Boolean)) {
					fail(collector, failures, Reason.NOT_A_BOOLEAN,
							"its condition gave " + describe(decision) + ", not a boolean", null);
					return null;
				}
				if (!((Boolean) decision)) {
					return null;
				}
			}
			double amount = this.constant;
			if (this.value != null) {
				Object value = this.value.getValue(context);
				if (!(value instanceof Number number)) {
					fail(collector, failures, Reason.NOT_A_NUMBER, "its value gave " + describe(value) + ", not a number",
							null);
					return null;
				}
				amount = number.doubleValue();
			}
			for (int i = 0; i < this.tagKeys.size(); i++) {
				Object tag = this.tagValues.get(i);
				Object raw = (tag instanceof Expression expression) ? expression.getValue(context) : tag;
				Object value = tagValue(raw);
				if (value == null) {
					fail(collector, failures, Reason.INVALID_TAG_VALUE, "its tag '" + this.tagKeys.get(i) + "' gave "
							+ describe(raw) + ", not a String, Number, Boolean or enum", null);
					return null;
				}
				tags.put(this.tagKeys.get(i), value);
			}
			// a NaN or infinite value is passed on, for the collector to reject and count
			return amount;
		}

		private static @Nullable Object tagValue(@Nullable Object value) {
			if (value == null) {
				return "none";
			}
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				return value;
			}
			if (value instanceof Enum<?> constant) {
				return constant.name();
			}
			return null;
		}

		private void fail(MetricsCollector collector, BusinessMetricFailures failures, Reason reason, String why,
				@Nullable Throwable failure) {
			failures.fail(reason, () -> "Business metric '" + this.name + "' of " + this.methodName
					+ " was not recorded: " + why, failure);
			// counted by the collector too, under its own reason
			try {
				collector.expressionFailed(this.name);
			}
			catch (RuntimeException ex) {
				// a collector that throws was counted where it threw
			}
		}

		private static String describe(@Nullable Object value) {
			// the type only: values may hold personal data
			return (value != null) ? "a " + value.getClass().getName() : "null";
		}

	}

}
