package dev.bduf.metrics.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.tracking.MethodTracker;
import dev.bduf.metrics.tracking.Tracked;
import dev.bduf.metrics.tracking.TrackedAdvisor;
import dev.bduf.metrics.tracking.TrackedAspect;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.aop.framework.ProxyFactory;

/**
 * The cost of timing one method call: unproxied, through a CGLIB proxy with Micrometer's
 * {@code @Timed} and {@code TimedAspect}, and with {@code @Tracked} through the
 * {@link TrackedAdvisor} (what the auto-configuration registers) and through the AspectJ
 * {@link TrackedAspect}; with and without CPU and allocation tracking. The
 * {@code noop*} benchmarks are the proxy plumbing alone (advice that only proceeds), so
 * that the cost of the recording itself can be told apart.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TrackedAspectBenchmark -f 1 -wi 3
 * -w 1s -i 5 -r 1s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackedAspectBenchmark {

	private final Work plain = new Work();

	private Work noopAspect;

	private Work noopAdvisor;

	private Work timedAspect;

	private Work trackedAspect;

	private Work trackedAdvisor;

	private int value = 7;

	@Setup
	public void setUp() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		MethodTracker tracker = new MethodTracker(registry);
		this.noopAspect = aspectProxy(new NoopAspect());
		this.timedAspect = aspectProxy(new TimedAspect(registry));
		this.trackedAspect = aspectProxy(new TrackedAspect(tracker));
		this.noopAdvisor = advisedProxy((MethodInterceptor) (invocation) -> invocation.proceed());
		ProxyFactory factory = new ProxyFactory(new Work());
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TrackedAdvisor(tracker));
		this.trackedAdvisor = (Work) factory.getProxy();
	}

	private static Work aspectProxy(Object aspect) {
		AspectJProxyFactory factory = new AspectJProxyFactory(new Work());
		factory.setProxyTargetClass(true);
		factory.addAspect(aspect);
		return factory.getProxy();
	}

	private static Work advisedProxy(MethodInterceptor interceptor) {
		ProxyFactory factory = new ProxyFactory(new Work());
		factory.setProxyTargetClass(true);
		factory.addAdvice(interceptor);
		return (Work) factory.getProxy();
	}

	@Benchmark
	public int unproxied() {
		return this.plain.tracked(this.value);
	}

	@Benchmark
	public int noopAspectProxy() {
		return this.noopAspect.tracked(this.value);
	}

	@Benchmark
	public int noopAdvisorProxy() {
		return this.noopAdvisor.tracked(this.value);
	}

	@Benchmark
	public int timedWithTimedAspect() {
		return this.timedAspect.timed(this.value);
	}

	@Benchmark
	public int trackedWithAdvisor() {
		return this.trackedAdvisor.tracked(this.value);
	}

	@Benchmark
	public int trackedWithAspect() {
		return this.trackedAspect.tracked(this.value);
	}

	@Benchmark
	public int trackedCpuMemoryWithAdvisor() {
		return this.trackedAdvisor.trackedCpuMemory(this.value);
	}

	@Benchmark
	public int trackedMemoryWithAdvisor() {
		return this.trackedAdvisor.trackedMemory(this.value);
	}

	@Benchmark
	public int trackedCpuWithAdvisor() {
		return this.trackedAdvisor.trackedCpu(this.value);
	}

	@Benchmark
	public int trackedCpuMemoryWithAspect() {
		return this.trackedAspect.trackedCpuMemory(this.value);
	}

	/**
	 * The measured method: a little arithmetic, no allocation.
	 */
	public static class Work {

		@Tracked
		public int tracked(int x) {
			return x * 31 + 1;
		}

		@Tracked(value = "method.tracked.usage", trackCpu = true, trackMemory = true)
		public int trackedCpuMemory(int x) {
			return x * 31 + 1;
		}

		@Tracked(value = "method.tracked.memory", trackMemory = true)
		public int trackedMemory(int x) {
			return x * 31 + 1;
		}

		@Tracked(value = "method.tracked.cpu", trackCpu = true)
		public int trackedCpu(int x) {
			return x * 31 + 1;
		}

		@Timed("method.timed")
		public int timed(int x) {
			return x * 31 + 1;
		}

	}

	/**
	 * An aspect that only proceeds: the plumbing of an AspectJ-style aspect through a
	 * Spring proxy.
	 */
	@Aspect
	public static class NoopAspect {

		@Around("execution(* dev.bduf.metrics.benchmarks.TrackedAspectBenchmark.Work.*(..))")
		public Object around(ProceedingJoinPoint pjp) throws Throwable {
			return pjp.proceed();
		}

	}

}
