package dev.bduf.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load generator runs on bounded threads, injects its spike, stops by itself, and
 * counts exactly what the business report shows; over HTTP it starts, stops and spikes
 * on demand.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadGeneratorTests {

	private static RunningSample sample;

	private static final AtomicInteger mostThreads = new AtomicInteger();

	private static Thread watcher;

	@BeforeAll
	static void start() {
		// watch the generator's threads from before it starts
		watcher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				mostThreads.accumulateAndGet(loadThreads(), Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "load-thread-watcher");
		watcher.setDaemon(true);
		watcher.start();
		sample = RunningSample.start("--sample.load.enabled=true", "--sample.load.rate=40", "--sample.load.duration=5s",
				"--sample.load.threads=2", "--sample.load.queue-size=20", "--sample.load.spike-after=1s",
				"--sample.load.spike-duration=1s", "--sample.faults.failure-ratio=0.05",
				"--sample.faults.slow-ratio=0.05", "--sample.faults.slow-latency=50ms",
				"--sample.faults.spike-latency-factor=2", "--sample.faults.spike-failure-ratio=1");
	}

	@AfterAll
	static void stop() {
		watcher.interrupt();
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	@Order(1)
	void runsOnBoundedThreadsAndStopsByItself() throws Exception {
		LoadGenerator generator = sample.bean(LoadGenerator.class);
		assertThat(generator.awaitFinished(Duration.ofMinutes(2))).as("the run finished").isTrue();
		await().atMost(Duration.ofSeconds(30)).until(() -> loadThreads() == 0);
		assertThat(mostThreads.get()).as("scheduler and two workers at most").isBetween(1, 3);

		JsonContent status = sample.json("/load");
		assertThat(status).extractingPath("$.running").isEqualTo(false);
		assertThat(status).extractingPath("$.spikes").isEqualTo(1);
		LoadGenerator.Totals totals = generator.status().totals();
		System.out.println("Load generator totals: " + totals);
		assertThat(totals.plans()).isPositive();
		assertThat(totals.analyses()).isPositive();
		assertThat(totals.views()).isPositive();
		assertThat(totals.unfinishedAnalyses()).isZero();
		// the spike fails every call for a second
		assertThat(totals.failedPlans() + totals.failedAnalyses()).isPositive();

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			BusinessTotals report = new BusinessTotals(sample.get("/actuator/business?period=PT1H").body());
			assertThat(report.count("orchestrator.plans.completed")).as("plans, in %s", report)
				.isEqualTo(totals.plans());
			assertThat(report.total("orchestrator.plans.budget")).isEqualTo(totals.approvedBudget());
			assertThat(report.count("orchestrator.analyses.risk")).isEqualTo(totals.analyses());
			assertThat(report.total("business.interactions.total")).isEqualTo(totals.views());
		});
	}

	@Test
	@Order(2)
	void spikeOnDemandFailsCallsWithA503() {
		HttpResponse<String> spike = sample.post("/load/spike?duration=1m");
		assertThat(spike.statusCode()).isEqualTo(202);
		assertThat(new JsonContent(spike.body())).extractingPath("$.spiking").isEqualTo(true);

		HttpResponse<String> analysis = sample.post("/api/projects/1/analyses?kind=cost");
		assertThat(analysis.statusCode()).isEqualTo(503);
		assertThat(analysis.body()).contains("analysis of project 1 failed");
		HttpResponse<String> plan = sample.post("/api/projects?name=doomed&team=core");
		assertThat(plan.statusCode()).isEqualTo(503);
		assertThat(plan.body()).contains("did not converge");
		assertThat(sample.scrape())
			.containsPattern("orchestrator_analysis_seconds_count\\{[^}]*exception=\"InjectedFailureException\"[^}]*outcome=\"error\"")
			.containsPattern("orchestrator_analyses_failed_total\\{[^}]*kind=\"cost\"")
			.containsPattern("orchestrator_plans_failed_total\\{[^}]*team=\"core\"");
	}

	@Test
	@Order(3)
	void startsAndStopsOverHttp() throws Exception {
		HttpResponse<String> started = sample.post("/load/start?rate=10&duration=10m");
		assertThat(started.statusCode()).isEqualTo(202);
		assertThat(new JsonContent(started.body())).extractingPath("$.running").isEqualTo(true);
		await().atMost(Duration.ofSeconds(30)).until(() -> loadThreads() > 0);
		HttpResponse<String> stopped = sample.post("/load/stop");
		assertThat(stopped.statusCode()).isEqualTo(200);
		assertThat(new JsonContent(stopped.body())).extractingPath("$.running").isEqualTo(false);
		await().atMost(Duration.ofSeconds(30)).until(() -> loadThreads() == 0);
	}

	private static int loadThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("sample-load-"))
			.count();
	}

}
