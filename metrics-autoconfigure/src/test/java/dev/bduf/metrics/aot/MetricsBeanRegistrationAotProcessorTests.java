package dev.bduf.metrics.aot;

import java.util.List;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.tracking.Tracked;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints {@link MetricsBeanRegistrationAotProcessor} gives for beans with
 * {@code @Tracked} and {@code @BusinessMetric} methods, checked with Spring's
 * {@link RuntimeHintsPredicates}.
 */
class MetricsBeanRegistrationAotProcessorTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final MetricsBeanRegistrationAotProcessor processor = new MetricsBeanRegistrationAotProcessor();

	@Test
	void isRegisteredInAotFactories() {
		List<BeanRegistrationAotProcessor> processors = SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories")
			.load(BeanRegistrationAotProcessor.class);
		assertThat(processors).hasAtLeastOneElementOfType(MetricsBeanRegistrationAotProcessor.class);
	}

	@Test
	void businessMetricMethodsAndTheTypesTheirExpressionsReadAreHinted() throws Exception {
		RuntimeHints hints = process(Orders.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethod(Orders.class.getMethod("place", Order.class)).introspect())
			.accepts(hints);
		// #result.total and #order.customer read the records' accessors
		assertThat(RuntimeHintsPredicates.reflection().onType(Receipt.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Receipt.class, "total")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "customer")).accepts(hints);
		// nothing invokes a method without the annotation
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Orders.class, "cancel")).rejects(hints);
	}

	@Test
	void repeatedBusinessMetricsAreHinted() throws Exception {
		RuntimeHints hints = process(Orders.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethod(Orders.class.getMethod("refund", Order.class)).introspect())
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Refund.class, "amount")).accepts(hints);
	}

	@Test
	void trackedMethodsAreIntrospected() throws Exception {
		RuntimeHints hints = process(Quotes.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethod(Quotes.class.getMethod("quote", String.class)).introspect())
			.accepts(hints);
	}

	@Test
	void aTrackedTypeHasEveryPublicMethodIntrospected() throws Exception {
		RuntimeHints hints = process(TrackedQuotes.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethod(TrackedQuotes.class.getMethod("quote", String.class))
			.introspect()).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(TrackedQuotes.class.getMethod("symbols")).introspect())
			.accepts(hints);
	}

	@Test
	void aBeanWithoutAnnotationsContributesNothing() {
		this.beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(String.class));

		assertThat(this.processor.processAheadOfTime(RegisteredBean.of(this.beanFactory, "plain"))).isNull();
		this.beanFactory.registerBeanDefinition("unannotated", new RootBeanDefinition(Receipt.class));
		assertThat(this.processor.processAheadOfTime(RegisteredBean.of(this.beanFactory, "unannotated"))).isNull();
	}

	private RuntimeHints process(Class<?> type) {
		String name = type.getSimpleName();
		this.beanFactory.registerBeanDefinition(name, new RootBeanDefinition(type));
		BeanRegistrationAotContribution contribution = this.processor
			.processAheadOfTime(RegisteredBean.of(this.beanFactory, name));
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Application")), new InMemoryGeneratedFiles());
		contribution.applyTo(generationContext, null);
		return generationContext.getRuntimeHints();
	}

	public record Order(String customer, double amount) {
	}

	public record Receipt(long id, double total) {
	}

	public record Refund(double amount) {
	}

	public static class Orders {

		@BusinessMetric(name = "orders.placed", value = "#result.total", unit = MetricUnit.DOLLARS,
				tags = "customer=#order.customer")
		public Receipt place(Order order) {
			return new Receipt(1, order.amount());
		}

		@BusinessMetric(name = "orders.refunds")
		@BusinessMetric(name = "orders.refunded", value = "#result.amount", unit = MetricUnit.DOLLARS)
		public Refund refund(Order order) {
			return new Refund(order.amount());
		}

		public void cancel(long id) {
		}

	}

	public static class Quotes {

		@Tracked
		public String quote(String symbol) {
			return symbol;
		}

		public List<String> symbols() {
			return List.of();
		}

	}

	@Tracked
	public static class TrackedQuotes {

		public String quote(String symbol) {
			return symbol;
		}

		public List<String> symbols() {
			return List.of();
		}

	}

}
