package dev.bduf.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.business.AnalysisMetadata;
import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.business.BusinessMetricsTracker;
import dev.bduf.metrics.tracking.Tracked;

import org.springframework.stereotype.Service;

/**
 * Analyses projects (risk, cost, schedule) asynchronously on a bounded pool of its own.
 * <p>
 * Every public method is tracked as {@code method.tracked} (the class-level
 * {@link Tracked @Tracked}); {@link #analyze} is tracked under its own name to its
 * completion, with a slow-call threshold, and records the risk found with
 * {@link BusinessMetric @BusinessMetric} when the analysis succeeds. Analyses in flight
 * are an up-down counter, failures a counter, and the analysis itself goes to the
 * {@link BusinessMetricsTracker}.
 */
@Service
@Tracked(extraTags = "component=analysis")
public class AnalysisService {

	/** The kinds of analysis there are. */
	public static final List<String> KINDS = List.of("risk", "cost", "schedule");

	private final MetricsCollector metrics;

	private final BusinessMetricsTracker business;

	private final Faults faults;

	private final ThreadPoolExecutor executor;

	/**
	 * Create the service.
	 * @param metrics the collector
	 * @param business the business metrics tracker
	 * @param faults the injected faults
	 * @param analysisExecutor the bounded pool analyses run on
	 */
	public AnalysisService(MetricsCollector metrics, BusinessMetricsTracker business, Faults faults,
			ThreadPoolExecutor analysisExecutor) {
		this.metrics = metrics;
		this.business = business;
		this.faults = faults;
		this.executor = analysisExecutor;
	}

	/**
	 * The kinds of analysis there are.
	 * @return the kinds
	 */
	public List<String> kinds() {
		return KINDS;
	}

	/**
	 * Analyse a project. The returned future completes when the analysis is done, or
	 * exceptionally with an {@link InjectedFailureException}; the timer
	 * {@code orchestrator.analysis} measures the whole of it.
	 * @param projectId the project to analyse
	 * @param kind one of {@link #KINDS}
	 * @return the analysis
	 * @throws java.util.concurrent.RejectedExecutionException when too many analyses wait
	 */
	@Tracked(value = "orchestrator.analysis", threshold = "250ms")
	@BusinessMetric(name = "orchestrator.analyses.risk", value = "#result.riskScore", unit = MetricUnit.POINTS,
			tags = "kind=#kind")
	public CompletableFuture<Analysis> analyze(long projectId, String kind) {
		Map<String, String> tags = Map.of("kind", kind);
		CompletableFuture<Analysis> analysis = CompletableFuture.supplyAsync(() -> run(projectId, kind), this.executor);
		this.metrics.increment("orchestrator.analyses.inflight", 1, tags);
		return analysis.whenComplete((result, failure) -> {
			this.metrics.decrement("orchestrator.analyses.inflight", 1, tags);
			if (failure != null) {
				this.metrics.increment("orchestrator.analyses.failed", 1, tags);
			}
		});
	}

	private Analysis run(long projectId, String kind) {
		long start = System.nanoTime();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		this.faults.delay(random.nextLong(15, 60));
		if (this.faults.fails()) {
			throw new InjectedFailureException("The " + kind + " analysis of project " + projectId + " failed");
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Analysis analysis = new Analysis(projectId, kind, random.nextInt(0, 101), random.nextInt(40, 101), took);
		this.business.trackAnalysisCompletion(new AnalysisMetadata(kind, took, analysis.qualityScore()));
		return analysis;
	}

	/**
	 * Analyses waiting for a thread or running.
	 * @return the count
	 */
	int pending() {
		return this.executor.getQueue().size() + this.executor.getActiveCount();
	}

}
