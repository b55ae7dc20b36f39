package dev.bduf.metrics.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.business.BusinessMetricsTracker;
import dev.bduf.metrics.business.CostMetadata;
import dev.bduf.metrics.business.ProjectMetadata;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * A small application for the dashboard's browser test: it records orders, checkout
 * times, a queue depth and business events (some with hostile tag values) a few times a
 * second, and exposes every endpoint the dashboard reads. No component scan, so it never
 * leaks into other tests' applications. {@link #main} runs it on port 8080.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class DashboardDemoApplication {

	/** A tag value that would run script if the page ever put it in as HTML. */
	static final String HOSTILE_SCRIPT = "<script>window.__pwned=1</script>";

	/** Another: an image whose error handler would run. */
	static final String HOSTILE_IMAGE = "<img src=x onerror=window.__pwned=2>";

	/** The properties the test starts it with. */
	static final String[] PROPERTIES = { "spring.application.name=dashboard-demo",
			"management.endpoints.web.exposure.include=dashboard,metricstream,timeseries,alerts,business,collector,health",
			"management.endpoint.health.show-components=always", "bduf.metrics.history.step=1s",
			"bduf.metrics.business.base-currency=EUR", "bduf.metrics.instance-id=dashboard-demo-1",
			// a rule that fires for good (every region, the hostile one included) and one that comes and goes
			"bduf.metrics.alerts.rules[0].name=orders-surge", "bduf.metrics.alerts.rules[0].metric=orders.placed",
			"bduf.metrics.alerts.rules[0].statistic=rate", "bduf.metrics.alerts.rules[0].operator=>",
			"bduf.metrics.alerts.rules[0].threshold=0.5", "bduf.metrics.alerts.rules[0].for=0s",
			"bduf.metrics.alerts.rules[0].severity=critical", "bduf.metrics.alerts.rules[1].name=queue-deep",
			"bduf.metrics.alerts.rules[1].metric=queue.depth", "bduf.metrics.alerts.rules[1].operator=>",
			"bduf.metrics.alerts.rules[1].threshold=12", "bduf.metrics.alerts.rules[1].for=2s",
			"bduf.metrics.alerts.rules[1].severity=warning" };

	@Bean
	DemoTraffic demoTraffic(MetricsCollector collector, BusinessMetricsTracker tracker) {
		return new DemoTraffic(collector, tracker);
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(DashboardDemoApplication.class).properties(PROPERTIES).run(args);
	}

	/**
	 * Records a little traffic every 100 ms on a thread of its own.
	 */
	static final class DemoTraffic implements SmartLifecycle {

		private static final String[] REGIONS = { "eu", "us", "apac", HOSTILE_SCRIPT };

		private final MetricsCollector collector;

		private final BusinessMetricsTracker tracker;

		private final AtomicLong ticks = new AtomicLong();

		private volatile ScheduledExecutorService executor;

		DemoTraffic(MetricsCollector collector, BusinessMetricsTracker tracker) {
			this.collector = collector;
			this.tracker = tracker;
		}

		@Override
		public void start() {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "dashboard-demo-traffic");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleAtFixedRate(this::tick, 0, 100, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}

		void tick() {
			long tick = this.ticks.incrementAndGet();
			String region = REGIONS[(int) (tick % REGIONS.length)];
			this.collector.increment("orders.placed", 1 + (tick % 3), Map.of("region", region));
			double wave = Math.sin(tick / 20.0);
			this.collector.timing("checkout.latency", Duration.ofMillis(60 + (long) (40 * wave) + (tick % 7) * 5),
					Map.of("channel", (tick % 2 == 0) ? "web" : "mobile"));
			this.collector.gauge("queue.depth", 10 + 8 * wave, Map.of("queue", "analyses"));
			if (tick % 10 == 0) {
				this.tracker.trackProjectCreation(
						new ProjectMetadata(HOSTILE_IMAGE, 4, "consulting", 13, 12_000, "EUR"));
				this.tracker.trackCostMetrics(new CostMetadata("compute", 1_500, "EUR"));
				this.collector.businessMetric("analyses.completed", 1, MetricUnit.COUNT, Map.of("kind", "design"));
			}
		}

		@Override
		public void stop() {
			ScheduledExecutorService executor = this.executor;
			if (executor != null) {
				executor.shutdownNow();
				this.executor = null;
			}
		}

		@Override
		public boolean isRunning() {
			return this.executor != null;
		}

	}

}
