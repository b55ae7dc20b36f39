package dev.bduf.metrics.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.bduf.metrics.endpoint.PerformanceEndpoint;
import dev.bduf.metrics.tracking.DefaultPerformanceTracker;
import dev.bduf.metrics.tracking.MethodTracker;
import dev.bduf.metrics.tracking.PerformanceTracker;
import dev.bduf.metrics.tracking.ProfilingOptions;
import dev.bduf.metrics.tracking.ReactorTrackingExtension;
import dev.bduf.metrics.tracking.SlowCallEvent;
import dev.bduf.metrics.tracking.Tracked;
import dev.bduf.metrics.tracking.TrackedAdvisor;
import dev.bduf.metrics.tracking.TrackedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.aop.aspectj.annotation.AnnotationAwareAspectJAutoProxyCreator;
import org.springframework.aop.framework.autoproxy.InfrastructureAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class TrackingAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(AopAutoConfiguration.class, MetricsCollectorAutoConfiguration.class,
					TrackingAutoConfiguration.class));

	@Test
	void onByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MethodTracker.class)
				.hasSingleBean(PerformanceTracker.class)
				.hasSingleBean(TrackedAdvisor.class)
				.hasSingleBean(ReactorTrackingExtension.class)
				.doesNotHaveBean(PerformanceEndpoint.class);
			assertThat(context.getBean(TrackedAdvisor.class).getOrder()).isEqualTo(TrackedAdvisor.DEFAULT_ORDER);
		});
	}

	@Test
	void trackedBeansRecordIntoTheApplicationsRegistryAndSlowCallsArePublished() {
		this.runner.withUserConfiguration(TrackedBeanConfiguration.class)
			.withPropertyValues("bduf.metrics.tracking.slow-call-log-interval=10s")
			.run((context) -> {
				Pricing pricing = context.getBean(Pricing.class);
				assertThat(pricing.price("book")).isEqualTo(12);
				assertThat(pricing.slow()).isEqualTo("slow");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("method.tracked").tag("method", "price").timer().getId().getTags())
					.contains(Tag.of("class", Pricing.class.getName()), Tag.of("outcome", "success"));
				assertThat(registry.find("method.tracked.slow").tag("method", "slow").counter().count()).isEqualTo(1);
				assertThat(context.getBean(SlowCalls.class).events).singleElement()
					.extracting(SlowCallEvent::methodName)
					.isEqualTo("slow");
				assertThat(context.getBean(PerformanceTracker.class)
					.getPerformanceReport(dev.bduf.metrics.tracking.ReportFilter.all())
					.methods()).hasSize(2);
			});
	}

	@Test
	void offWhenBdufMetricsIsDisabled() {
		this.runner.withPropertyValues("bduf.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MethodTracker.class)
				.doesNotHaveBean(PerformanceTracker.class)
				.doesNotHaveBean(TrackedAdvisor.class));
	}

	@Test
	void aspectOffWhenTrackingIsDisabledButTrackerStays() {
		this.runner.withPropertyValues("bduf.metrics.tracking.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TrackedAdvisor.class)
				.hasSingleBean(PerformanceTracker.class));
	}

	@Test
	void theAdvisorIsAnInfrastructureBean() {
		this.runner.run((context) -> assertThat(
				context.getBeanFactory().getBeanDefinition("trackedAdvisor").getRole())
			.isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE));
	}

	@Test
	void withoutAspectjTrackedBeansAreStillProxiedAndRecord(CapturedOutput output) {
		// The proxy class is defined in the filtering class loader, so the tracked class is public
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withBean(Quotes.class)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(TrackedAdvisor.class)
					.hasSingleBean(PerformanceTracker.class)
					.doesNotHaveBean(AnnotationAwareAspectJAutoProxyCreator.class)
					.hasSingleBean(InfrastructureAdvisorAutoProxyCreator.class);
				Quotes quotes = context.getBean(Quotes.class);
				assertThat(AopUtils.isAopProxy(quotes)).isTrue();
				assertThat(quotes.quote("book")).isEqualTo(12);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("method.tracked").tag("method", "quote").timer().count()).isEqualTo(1);
				assertThat(output).doesNotContain("not eligible for getting processed").doesNotContain("AspectJ");
			});
	}

	@Test
	void withoutReactorNoReactorExtension() {
		this.runner.withClassLoader(new FilteredClassLoader(Mono.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorTrackingExtension.class)
				.hasSingleBean(TrackedAdvisor.class));
	}

	@Test
	void performanceEndpointWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=performance")
			.run((context) -> assertThat(context).hasSingleBean(PerformanceEndpoint.class));
	}

	@Test
	void propertiesConfigureTheAspectTrackerAndProfiler() {
		this.runner
			.withPropertyValues("bduf.metrics.tracking.aspect-order=5", "bduf.metrics.tracking.profiling.enabled=false",
					"bduf.metrics.tracking.percentile-histogram=true")
			.run((context) -> {
				assertThat(context.getBean(TrackedAdvisor.class).getOrder()).isEqualTo(5);
				assertThatIllegalStateException()
					.isThrownBy(() -> context.getBean(PerformanceTracker.class).profile("x", ProfilingOptions.defaults()))
					.withMessageContaining("disabled");
				TrackingProperties properties = context.getBean(TrackingProperties.class);
				assertThat(properties.isPercentileHistogram()).isTrue();
				assertThat(properties.getSlowCallLogInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getProfiling().getMaxFiles()).isEqualTo(10);
			});
	}

	@Test
	void everyPropertyBinds() {
		this.runner
			.withPropertyValues("bduf.metrics.tracking.enabled=true", "bduf.metrics.tracking.aspect-order=3",
					"bduf.metrics.tracking.slow-call-log-interval=30s", "bduf.metrics.tracking.log-arguments=true",
					"bduf.metrics.tracking.max-argument-tag-values=7",
					"bduf.metrics.tracking.percentile-histogram=true",
					"bduf.metrics.tracking.profiling.enabled=false",
					"bduf.metrics.tracking.profiling.directory=/tmp/profiles",
					"bduf.metrics.tracking.profiling.max-duration=2m",
					"bduf.metrics.tracking.profiling.max-size=8MB", "bduf.metrics.tracking.profiling.max-files=3")
			.run((context) -> {
				TrackingProperties properties = context.getBean(TrackingProperties.class);
				assertThat(properties.isEnabled()).isTrue();
				assertThat(properties.getAspectOrder()).isEqualTo(3);
				assertThat(properties.getSlowCallLogInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.isLogArguments()).isTrue();
				assertThat(properties.getMaxArgumentTagValues()).isEqualTo(7);
				assertThat(properties.isPercentileHistogram()).isTrue();
				TrackingProperties.Profiling profiling = properties.getProfiling();
				assertThat(profiling.isEnabled()).isFalse();
				assertThat(profiling.getDirectory()).isEqualTo(java.nio.file.Path.of("/tmp/profiles"));
				assertThat(profiling.getMaxDuration()).isEqualTo(Duration.ofMinutes(2));
				assertThat(profiling.getMaxSize()).isEqualTo(org.springframework.util.unit.DataSize.ofMegabytes(8));
				assertThat(profiling.getMaxFiles()).isEqualTo(3);
				assertThat(context.getBean(TrackedAdvisor.class).getOrder()).isEqualTo(3);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheBeans() {
		this.runner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context.getBean(MethodTracker.class)).isSameAs(context.getBean("userMethodTracker"));
			assertThat(context.getBean(PerformanceTracker.class)).isSameAs(context.getBean("userPerformanceTracker"));
			assertThat(context.getBean(TrackedAspect.class).getOrder()).isEqualTo(42);
			assertThat(context).doesNotHaveBean(TrackedAdvisor.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TrackedBeanConfiguration {

		@Bean
		Pricing pricing() {
			return new Pricing();
		}

		@Bean
		SlowCalls slowCalls() {
			return new SlowCalls();
		}

	}

	@Tracked
	static class Pricing {

		public int price(String item) {
			return item.length() * 3;
		}

		@Tracked(threshold = "1ns")
		public String slow() {
			long end = System.nanoTime() + 1_000;
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			return "slow";
		}

	}

	public static class Quotes {

		@Tracked
		public int quote(String item) {
			return item.length() * 3;
		}

	}

	static class SlowCalls {

		final List<SlowCallEvent> events = new ArrayList<>();

		@EventListener
		void on(SlowCallEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		@Bean
		MethodTracker userMethodTracker() {
			return new MethodTracker(new SimpleMeterRegistry());
		}

		@Bean
		PerformanceTracker userPerformanceTracker(MethodTracker methodTracker) {
			return new DefaultPerformanceTracker(methodTracker);
		}

		@Bean
		TrackedAspect userAspect(MethodTracker methodTracker) {
			return new TrackedAspect(methodTracker, 42);
		}

	}

}
