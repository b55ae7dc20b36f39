package dev.bduf.metrics.business;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.business.BusinessMetricFailures.Reason;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * {@link BusinessMetric} through a proxy built with {@link BusinessMetricAdvisor}, without
 * a Spring context: every expression form, the restricted context and failure isolation.
 */
class BusinessMetricAdvisorTests {

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(this.registry,
			CollectorSettings.builder().build(), this.clock);

	private final BusinessMetricFailures failures = new BusinessMetricFailures(this.clock, Duration.ofMinutes(1).toNanos());

	private final Shop shop = proxy(new Shop(), this.collector);

	@BeforeEach
	void resetCanaries() {
		Canary.touched = false;
	}

	private <T> T proxy(T target, MetricsCollector collector) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new BusinessMetricAdvisor(() -> collector, this.failures, BusinessMetricAdvisor.DEFAULT_ORDER));
		@SuppressWarnings("unchecked")
		T proxy = (T) factory.getProxy();
		return proxy;
	}

	private DistributionSummary summary(String name, String... tags) {
		return this.registry.get(name).tag("business", "true").tags(tags).summary();
	}

	// ---------------------------------------------------------------- expression forms

	@Test
	void defaultValueCountsSuccessfulCalls() {
		this.shop.ping();
		this.shop.ping();

		assertThat(summary("shop.pings").count()).isEqualTo(2);
		assertThat(summary("shop.pings").totalAmount()).isEqualTo(2);
	}

	@Test
	void literalValue() {
		this.shop.literal();

		assertThat(summary("shop.literal").totalAmount()).isEqualTo(2.5);
	}

	@Test
	void valueFromTheResultItsPropertiesAndArgumentsByNameAndPosition() {
		Order order = this.shop.place("eu", 3, 19.5);

		assertThat(order.getTotal()).isEqualTo(58.5);
		DistributionSummary revenue = summary("shop.revenue", "region", "eu", "channel", "web", "direction", "charge");
		assertThat(revenue.totalAmount()).isEqualTo(58.5);
		assertThat(revenue.getId().getBaseUnit()).isEqualTo("currency");
		assertThat(summary("shop.items", "region", "eu").totalAmount()).isEqualTo(3);
		assertThat(summary("shop.items.doubled", "first", "eu").totalAmount()).isEqualTo(6);
		assertThat(summary("shop.result").totalAmount()).isEqualTo(58.5);
	}

	@Test
	void recordsAndMapsAndTernaries() {
		this.shop.summarize(new Basket("b-1", 4), Map.of("discount", 5));

		assertThat(summary("shop.basket.items").totalAmount()).isEqualTo(4);
		assertThat(summary("shop.discount").totalAmount()).isEqualTo(5);
		assertThat(summary("shop.size", "size", "small").totalAmount()).isEqualTo(1);
	}

	@Test
	void recordComponentsReadWithoutGetters() {
		this.shop.receipt(12.5, true);

		assertThat(summary("shop.receipt", "paid", "true").totalAmount()).isEqualTo(12.5);
	}

	@Test
	void conditionFiltersCalls() {
		this.shop.refundable(10);
		this.shop.refundable(0);

		assertThat(summary("shop.refundable").count()).isEqualTo(1);
	}

	@Test
	void nothingIsRecordedWhenTheMethodThrowsUnlessTheConditionAsksForTheException() {
		assertThatIllegalStateException().isThrownBy(() -> this.shop.fail("boom")).withMessage("boom");

		assertThat(this.registry.find("shop.fail.ok").meter()).isNull();
		assertThat(summary("shop.fail.errors", "error", "boom").count()).isEqualTo(1);
		assertThat(this.failures.total()).isZero();
	}

	@Test
	void tagValuesFromExpressionsAreStringsNumbersBooleansOrEnumsAndNullReadsNone() {
		this.shop.tagged(null, Channel.MOBILE, true);

		assertThat(summary("shop.tagged", "code", "none", "channel", "MOBILE", "vip", "true").count()).isEqualTo(1);
	}

	@Test
	void negativeMoneyIsARefund() {
		this.shop.settle(-12.5);
		this.shop.settle(20);

		assertThat(summary("shop.settled", "direction", "refund").totalAmount()).isEqualTo(12.5);
		assertThat(summary("shop.settled", "direction", "charge").totalAmount()).isEqualTo(20);
	}

	@Test
	void completionStageIsRecordedOnCompletion() {
		CompletableFuture<Integer> future = new CompletableFuture<>();
		CompletionStage<Integer> returned = this.shop.later(future);

		assertThat(returned).isSameAs(future);
		assertThat(this.registry.find("shop.later").meter()).isNull();
		future.complete(7);
		assertThat(summary("shop.later").totalAmount()).isEqualTo(7);
	}

	@Test
	void failedCompletionStageIsNotRecordedAsSuccess() {
		CompletableFuture<Integer> future = new CompletableFuture<>();
		this.shop.later(future);
		future.completeExceptionally(new IllegalStateException("late"));

		assertThat(this.registry.find("shop.later").meter()).isNull();
		assertThat(summary("shop.later.errors").count()).isEqualTo(1);
	}

	@Test
	void annotationOnAnInterfaceMethodIsFound() {
		Catalog catalog = proxy(new DefaultCatalog(), this.collector);
		catalog.add("x");

		assertThat(summary("catalog.added").count()).isEqualTo(1);
	}

	@Test
	void unannotatedMethodsAreNotAdvised() {
		this.shop.plain();

		assertThat(this.registry.getMeters()).isEmpty();
	}

	// ---------------------------------------------------------------- restricted context

	@Test
	void typeReferenceIsRefusedAndNothingRuns() {
		assertThat(this.shop.typeReference()).isEqualTo("done");
		assertThat(Canary.touched).isFalse();
		assertRefused("shop.type");
	}

	@Test
	void beanReferenceIsRefused() {
		assertThat(this.shop.beanReference()).isEqualTo("done");
		assertRefused("shop.bean");
	}

	@Test
	void constructorIsRefusedAndNothingRuns() {
		assertThat(this.shop.constructor()).isEqualTo("done");
		assertThat(Canary.touched).isFalse();
		assertThat(new java.io.File("x-business-test")).doesNotExist();
		assertRefused("shop.constructor");
	}

	@Test
	void methodCallOnAnArgumentIsRefusedAndNothingRuns() {
		Canary canary = new Canary();
		assertThat(this.shop.methodCall(canary)).isEqualTo("done");
		assertThat(Canary.touched).isFalse();
		assertRefused("shop.method");
	}

	@Test
	void assignmentIsRefusedAndTheArgumentIsUnchanged() {
		Order order = new Order(1);
		this.shop.assign(order);

		assertThat(order.getTotal()).isEqualTo(1);
		assertRefused("shop.assign");
	}

	@Test
	void theContextAloneRefusesWhatTheParserLetThrough() {
		org.springframework.expression.spel.standard.SpelExpressionParser parser = new org.springframework.expression.spel.standard.SpelExpressionParser();
		org.springframework.expression.EvaluationContext context = RestrictedExpressions.context();
		context.setVariable("canary", new Canary());
		for (String text : List.of("T(dev.bduf.metrics.business.Canary).touch()", "@canary",
				"new dev.bduf.metrics.business.Canary$Hatched()", "#canary.sing()", "#canary.name = 'x'")) {
			org.assertj.core.api.Assertions.assertThatException()
				.isThrownBy(() -> parser.parseExpression(text).getValue(context));
		}
		assertThat(Canary.touched).isFalse();
	}

	private void assertRefused(String name) {
		assertThat(this.registry.find(name).summaries()).isEmpty();
		assertThat(this.failures.byReason().get(Reason.INVALID_EXPRESSION)).isEqualTo(1);
		assertThat(this.collector.getCollectorStats().rejectedByReason().get(RejectionReason.EXPRESSION_FAILED))
			.isEqualTo(1);
		assertThat(this.collector.getCollectorStats().rejectedByReason()).containsEntry(RejectionReason.NOT_FINITE, 0L);
	}

	// ---------------------------------------------------------------- failure isolation

	@Test
	void failingExpressionLeavesTheResultAlone() {
		assertThat(this.shop.brokenValue()).isEqualTo("kept");
		assertThat(this.shop.notANumber()).isEqualTo("kept");
		assertThat(this.shop.notABoolean()).isEqualTo("kept");
		assertThat(this.shop.badTag()).isEqualTo("kept");

		Map<Reason, Long> byReason = this.failures.byReason();
		assertThat(byReason.get(Reason.EVALUATION_FAILED)).isEqualTo(1);
		assertThat(byReason.get(Reason.NOT_A_NUMBER)).isEqualTo(1);
		assertThat(byReason.get(Reason.NOT_A_BOOLEAN)).isEqualTo(1);
		assertThat(byReason.get(Reason.INVALID_TAG_VALUE)).isEqualTo(1);
		assertThat(this.failures.total()).isEqualTo(4);
		assertThat(this.collector.getCollectorStats().rejectedByReason().get(RejectionReason.EXPRESSION_FAILED))
			.isEqualTo(4);
		assertThat(this.collector.getCollectorStats().rejected()).isEqualTo(4);
		assertThat(this.registry.find("shop.broken").summaries()).isEmpty();
	}

	@Test
	void negativeValueIsRejectedByTheCollector() {
		this.shop.negative();

		assertThat(this.registry.find("shop.negative").summaries()).isEmpty();
		assertThat(this.collector.getCollectorStats().rejectedByReason().get(RejectionReason.NEGATIVE_VALUE))
			.isEqualTo(1);
	}

	@Test
	void collectorThatThrowsLeavesTheCallAlone() {
		MetricsCollector broken = mock(MetricsCollector.class);
		willThrow(new IllegalStateException("registry down")).given(broken)
			.businessMetric(anyString(), anyDouble(), any(MetricUnit.class), anyMap());
		Shop shop = proxy(new Shop(), broken);

		assertThat(shop.place("eu", 1, 2).getTotal()).isEqualTo(2);
		assertThatIllegalStateException().isThrownBy(() -> shop.fail("boom")).withMessage("boom");
		assertThat(this.failures.byReason().get(Reason.EVALUATION_FAILED)).isEqualTo(5);
	}

	@Test
	void expressionsAreParsedOncePerMethod() throws Exception {
		BusinessMetricInterceptor interceptor = (BusinessMetricInterceptor) new BusinessMetricAdvisor(this.collector)
			.getAdvice();
		java.lang.reflect.Method place = Shop.class.getMethod("place", String.class, int.class, double.class);

		assertThat(interceptor.metrics(place, Shop.class)).isSameAs(interceptor.metrics(place, Shop.class));
	}

	// ---------------------------------------------------------------- fixtures

	enum Channel {

		WEB, MOBILE

	}

	public record Basket(String id, int items) {

		public int getItems() {
			return this.items;
		}

	}

	public static class Order {

		private double total;

		public Order(double total) {
			this.total = total;
		}

		public double getTotal() {
			return this.total;
		}

		public void setTotal(double total) {
			this.total = total;
		}

	}

	public record Receipt(double total, boolean paid) {

	}

	public interface Catalog {

		@BusinessMetric(name = "catalog.added")
		void add(String item);

	}

	static class DefaultCatalog implements Catalog {

		@Override
		public void add(String item) {
		}

	}

	public static class Shop {

		@BusinessMetric(name = "shop.pings")
		public void ping() {
		}

		@BusinessMetric(name = "shop.literal", value = "2.5")
		public void literal() {
		}

		@BusinessMetric(name = "shop.revenue", value = "#result.total", unit = MetricUnit.CURRENCY,
				tags = { "region=#region", "channel=web" })
		@BusinessMetric(name = "shop.items", value = "#quantity", tags = "region=#p0")
		@BusinessMetric(name = "shop.items.doubled", value = "#a1 * 2", tags = "first=#p0")
		@BusinessMetric(name = "shop.result", value = "#price * #quantity")
		public Order place(String region, int quantity, double price) {
			return new Order(quantity * price);
		}

		@BusinessMetric(name = "shop.basket.items", value = "#basket.items")
		@BusinessMetric(name = "shop.discount", value = "#extras['discount']")
		@BusinessMetric(name = "shop.size", tags = "size=#basket.items > 10 ? 'large' : 'small'")
		public void summarize(Basket basket, Map<String, Integer> extras) {
		}

		@BusinessMetric(name = "shop.receipt", value = "#result.total", tags = "paid=#result.paid")
		public Receipt receipt(double total, boolean paid) {
			return new Receipt(total, paid);
		}

		@BusinessMetric(name = "shop.refundable", value = "#amount", condition = "#amount > 0")
		public void refundable(double amount) {
		}

		@BusinessMetric(name = "shop.fail.ok")
		@BusinessMetric(name = "shop.fail.errors", condition = "#exception != null",
				tags = "error=#exception.message")
		public void fail(String message) {
			throw new IllegalStateException(message);
		}

		@BusinessMetric(name = "shop.tagged", tags = { "code=#code", "channel=#channel", "vip=#vip" })
		public void tagged(String code, Channel channel, boolean vip) {
		}

		@BusinessMetric(name = "shop.settled", value = "#amount", unit = MetricUnit.DOLLARS)
		public void settle(double amount) {
		}

		@BusinessMetric(name = "shop.later", value = "#result")
		@BusinessMetric(name = "shop.later.errors", condition = "#exception != null")
		public CompletionStage<Integer> later(CompletableFuture<Integer> future) {
			return future;
		}

		public void plain() {
		}

		@BusinessMetric(name = "shop.type", value = "T(dev.bduf.metrics.business.Canary).touch()")
		public String typeReference() {
			return "done";
		}

		@BusinessMetric(name = "shop.bean", value = "@canary.size")
		public String beanReference() {
			return "done";
		}

		@BusinessMetric(name = "shop.constructor", value = "new java.io.File('x-business-test').length() + new dev.bduf.metrics.business.Canary$Hatched().hashCode()")
		public String constructor() {
			return "done";
		}

		@BusinessMetric(name = "shop.method", value = "#canary.sing()")
		public String methodCall(Canary canary) {
			return "done";
		}

		@BusinessMetric(name = "shop.assign", value = "#order.total = 99")
		public String assign(Order order) {
			return "done";
		}

		@BusinessMetric(name = "shop.broken", value = "#result.missing")
		public String brokenValue() {
			return "kept";
		}

		@BusinessMetric(name = "shop.nan", value = "#result")
		public String notANumber() {
			return "kept";
		}

		@BusinessMetric(name = "shop.cond", condition = "#result")
		public String notABoolean() {
			return "kept";
		}

		@BusinessMetric(name = "shop.badtag", tags = "thing=#result.bytes")
		public String badTag() {
			return "kept";
		}

		@BusinessMetric(name = "shop.negative", value = "-3")
		public void negative() {
		}

	}

}
