package dev.bduf.metrics.business;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * Parses SpEL for business metrics and refuses, at parse time, every construct that could
 * reach beyond the call's own data: type references, bean references, constructors,
 * method and function calls, assignments and increments. Evaluation then runs in
 * {@link SimpleEvaluationContext#forReadOnlyDataBinding()}, which refuses them too, so
 * each is refused twice.
 */
final class RestrictedExpressions {

	private static final SpelExpressionParser parser = new SpelExpressionParser();

	private RestrictedExpressions() {
	}

	/**
	 * Parse an expression, refusing what the restricted context does not allow.
	 * @param text the expression
	 * @return the parsed expression
	 * @throws IllegalArgumentException when the expression does not parse or is refused
	 */
	static Expression parse(String text) {
		SpelExpression expression;
		try {
			expression = parser.parseRaw(text);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a valid SpEL expression: " + ex.getMessage(),
					ex);
		}
		check(expression.getAST(), text);
		return expression;
	}

	private static void check(SpelNode node, String text) {
		String refused = refused(node);
		if (refused != null) {
			throw new IllegalArgumentException("'" + text + "' uses " + refused
					+ ", which business metric expressions may not: they read #result and the arguments only");
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			check(node.getChild(i), text);
		}
	}

	private static @Nullable String refused(SpelNode node) {
		if (node instanceof TypeReference) {
			return "a type reference";
		}
		if (node instanceof BeanReference) {
			return "a bean reference";
		}
		if (node instanceof ConstructorReference) {
			return "a constructor";
		}
		if (node instanceof MethodReference || node instanceof FunctionReference) {
			return "a method call";
		}
		if (node instanceof Assign || node instanceof OpInc || node instanceof OpDec) {
			return "an assignment";
		}
		return null;
	}

	/**
	 * A fresh read-only evaluation context: properties and indexing only, no types, beans,
	 * constructors, methods or assignment.
	 * @return the context
	 */
	static EvaluationContext context() {
		return SimpleEvaluationContext.forReadOnlyDataBinding().build();
	}

}
