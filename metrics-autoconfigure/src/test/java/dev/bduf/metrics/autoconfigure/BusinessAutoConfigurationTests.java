package dev.bduf.metrics.autoconfigure;

import java.time.Duration;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.business.AnalysisMetadata;
import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.business.BusinessMetricAdvisor;
import dev.bduf.metrics.business.BusinessMetricFailures;
import dev.bduf.metrics.business.BusinessMetricsTracker;
import dev.bduf.metrics.business.CostMetadata;
import dev.bduf.metrics.business.DefaultBusinessMetricsTracker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class BusinessAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, MetricsCollectorAutoConfiguration.class,
				TrackingAutoConfiguration.class, BusinessAutoConfiguration.class));

	@Test
	void onByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(BusinessMetricsTracker.class)
				.hasSingleBean(BusinessMetricAdvisor.class)
				.hasSingleBean(BusinessMetricFailures.class);
			BusinessMetricAdvisor advisor = context.getBean(BusinessMetricAdvisor.class);
			assertThat(advisor.getOrder()).isEqualTo(BusinessMetricAdvisor.DEFAULT_ORDER);
			assertThat(advisor.getFailures()).isSameAs(context.getBean(BusinessMetricFailures.class));
			assertThat(context.getBean(DefaultBusinessMetricsTracker.class).getFailures())
				.isSameAs(context.getBean(BusinessMetricFailures.class));
		});
	}

	@Test
	void annotatedBeansAndTheTrackerRecordIntoTheApplicationsRegistry(CapturedOutput output) {
		this.runner.withUserConfiguration(AnnotatedBeanConfiguration.class)
			.withPropertyValues("bduf.metrics.business.base-currency=eur", "bduf.metrics.business.max-tag-values=1")
			.run((context) -> {
				assertThat(context.getBean(Invoices.class).issue(250)).isEqualTo("INV-250");
				BusinessMetricsTracker tracker = context.getBean(BusinessMetricsTracker.class);
				tracker.trackCostMetrics(new CostMetadata("compute", -10, null));
				tracker.trackAnalysisCompletion(new AnalysisMetadata("a", Duration.ofSeconds(1), 90));
				tracker.trackAnalysisCompletion(new AnalysisMetadata("b", Duration.ofSeconds(1), 90));

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("invoices.issued")
					.tags("business", "true", "direction", "charge")
					.summary()
					.totalAmount()).isEqualTo(250);
				assertThat(registry.get("business.costs.amount")
					.tags("currency", "EUR", "direction", "refund")
					.summary()
					.totalAmount()).isEqualTo(10);
				assertThat(registry.get("business.analyses.completed").tag("analysis_type", "other").counter().count())
					.isEqualTo(1);
			});
		assertThat(output).doesNotContain("is not eligible for getting processed by all BeanPostProcessors");
	}

	@Test
	void aspectOrderFromProperty() {
		this.runner.withPropertyValues("bduf.metrics.business.aspect-order=7")
			.run((context) -> assertThat(context.getBean(BusinessMetricAdvisor.class).getOrder()).isEqualTo(7));
	}

	@Test
	void offWhenBusinessMetricsAreDisabled() {
		this.runner.withPropertyValues("bduf.metrics.business.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BusinessMetricsTracker.class)
				.doesNotHaveBean(BusinessMetricAdvisor.class));
	}

	@Test
	void offWhenBdufMetricsIsDisabled() {
		this.runner.withPropertyValues("bduf.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BusinessMetricsTracker.class)
				.doesNotHaveBean(BusinessMetricAdvisor.class));
	}

	@Test
	void annotatedBeansRecordWithoutAspectJ(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withUserConfiguration(AnnotatedBeanConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(BusinessMetricsTracker.class).hasSingleBean(BusinessMetricAdvisor.class);
				context.getBean(Invoices.class).issue(-30);
				assertThat(context.getBean(MeterRegistry.class)
					.get("invoices.issued")
					.tags("direction", "refund")
					.summary()
					.totalAmount()).isEqualTo(30);
			});
		assertThat(output).doesNotContain("is not eligible for getting processed by all BeanPostProcessors");
	}

	@Test
	void backsOffForTheUsersBeans() {
		this.runner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BusinessMetricsTracker.class).hasSingleBean(BusinessMetricAdvisor.class);
			assertThat(context.getBean(BusinessMetricsTracker.class))
				.isSameAs(context.getBean(UserBeansConfiguration.class).tracker);
			assertThat(context.getBean(BusinessMetricAdvisor.class).getOrder()).isEqualTo(3);
		});
	}

	@Test
	void invalidSettingsFailTheStartupWithTheReason() {
		this.runner.withPropertyValues("bduf.metrics.business.base-currency=dollars")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ISO 4217"));
	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedBeanConfiguration {

		@Bean
		Invoices invoices() {
			return new Invoices();
		}

	}

	public static class Invoices {

		@BusinessMetric(name = "invoices.issued", value = "#amount", unit = MetricUnit.DOLLARS)
		public String issue(int amount) {
			return "INV-" + amount;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		final BusinessMetricsTracker tracker = mock(BusinessMetricsTracker.class);

		@Bean
		BusinessMetricsTracker myTracker() {
			return this.tracker;
		}

		@Bean
		static BusinessMetricAdvisor myAdvisor() {
			return new BusinessMetricAdvisor(() -> mock(dev.bduf.metrics.MetricsCollector.class),
					new BusinessMetricFailures(), 3);
		}

	}

}
