package dev.bduf.metrics.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.tracking.Tracked;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application every benchmark runs in: a non-web Spring Boot application with the
 * auto-configuration a user of the starter gets (BDUF Metrics' {@code metrics-autoconfigure},
 * Boot's actuator and Micrometer auto-configuration, {@code micrometer-registry-prometheus},
 * AspectJ), so the {@link MeterRegistry} is Boot's {@link PrometheusMeterRegistry} with
 * Boot's {@code MeterFilter}s, its JVM and process meters, and our default tags.
 * <p>
 * Beside the auto-configuration it declares only what a user would: Micrometer's
 * {@link TimedAspect} (so {@code @Timed} works) and three beans with one method each, one
 * {@link Tracked @Tracked}, one {@link Timed @Timed} and one without annotations (not
 * proxied: the baseline of a call).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchApplication {

	@Bean
	TimedAspect timedAspect(MeterRegistry registry) {
		return new TimedAspect(registry);
	}

	@Bean
	TrackedWork trackedWork() {
		return new TrackedWork();
	}

	@Bean
	TimedWork timedWork() {
		return new TimedWork();
	}

	@Bean
	PlainWork plainWork() {
		return new PlainWork();
	}

	/**
	 * Starts the application, quietly: no banner, no startup info, logging at WARN.
	 * @param properties extra {@code key=value} properties
	 * @return the running context; the caller closes it
	 */
	static Context start(String... properties) {
		SpringApplication application = new SpringApplication(BenchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.application.name", "bench");
		defaults.put("logging.level.root", "WARN");
		application.setDefaultProperties(defaults);
		List<String> args = new ArrayList<>();
		for (String property : properties) {
			args.add("--" + property);
		}
		return new Context(application.run(args.toArray(String[]::new)));
	}

	/**
	 * A running application and the beans the benchmarks use, checked to be what a user
	 * gets: Boot's Prometheus registry, and proxies on the annotated beans only.
	 */
	static final class Context implements AutoCloseable {

		final ConfigurableApplicationContext context;

		final MetricsCollector collector;

		final PrometheusMeterRegistry registry;

		final TrackedWork tracked;

		final TimedWork timed;

		final PlainWork plain;

		Context(ConfigurableApplicationContext context) {
			this.context = context;
			this.collector = context.getBean(MetricsCollector.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
				throw new IllegalStateException("Expected Boot's PrometheusMeterRegistry, got " + registry.getClass());
			}
			this.registry = prometheus;
			this.tracked = context.getBean(TrackedWork.class);
			this.timed = context.getBean(TimedWork.class);
			this.plain = context.getBean(PlainWork.class);
			if (!AopUtils.isAopProxy(this.tracked) || !AopUtils.isAopProxy(this.timed)
					|| AopUtils.isAopProxy(this.plain)) {
				throw new IllegalStateException("Expected @Tracked and @Timed beans proxied and the plain one not: "
						+ this.tracked.getClass() + ", " + this.timed.getClass() + ", " + this.plain.getClass());
			}
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/** One {@code @Tracked} method: a little arithmetic, no allocation. */
	public static class TrackedWork {

		@Tracked
		public int work(int x) {
			return x * 31 + 1;
		}

	}

	/** One {@code @Timed} method, timed by Micrometer's {@link TimedAspect}. */
	public static class TimedWork {

		@Timed("method.timed")
		public int work(int x) {
			return x * 31 + 1;
		}

	}

	/** The same method without annotations: the bean is not proxied. */
	public static class PlainWork {

		public int work(int x) {
			return x * 31 + 1;
		}

	}

}
