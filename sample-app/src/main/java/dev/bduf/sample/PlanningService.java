package dev.bduf.sample;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.TimerHandle;
import dev.bduf.metrics.business.AnalysisMetadata;
import dev.bduf.metrics.business.BusinessMetric;
import dev.bduf.metrics.business.BusinessMetricsTracker;
import dev.bduf.metrics.business.CostMetadata;
import dev.bduf.metrics.business.InteractionMetadata;
import dev.bduf.metrics.business.ProjectMetadata;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Plans a project up front, in full: requirements, design, review. Every step is
 * measured through the {@link MetricsCollector}; the business side (plans completed,
 * pages, approved budgets) through {@link BusinessMetric @BusinessMetric}, and projects,
 * design reviews, costs and project views through the {@link BusinessMetricsTracker}.
 * A few plans fail ({@link Faults}): they record no business metric.
 */
@Service
public class PlanningService {

	private final MetricsCollector metrics;

	private final BusinessMetricsTracker business;

	private final DesignReviewService reviews;

	private final Faults faults;

	private static final Map<String, Integer> TEAM_SIZES = Map.of("core", 8, "payments", 5, "search", 3,
			"platform", 25);

	private static final int MAX_PROJECTS = 10_000;

	private final Map<Long, Project> projects = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	/**
	 * Create the service.
	 * @param metrics the collector
	 * @param business the business metrics tracker
	 * @param reviews the design review service
	 * @param faults the injected faults
	 */
	public PlanningService(MetricsCollector metrics, BusinessMetricsTracker business, DesignReviewService reviews,
			Faults faults) {
		this.metrics = metrics;
		this.business = business;
		this.reviews = reviews;
		this.faults = faults;
	}

	/**
	 * Plan a project.
	 * @param name the project's name
	 * @param team the team that plans it
	 * @param budget the budget in US dollars
	 * @return the planned project
	 * @throws InjectedFailureException when the plan fails
	 */
	@BusinessMetric(name = "orchestrator.plans.completed", tags = { "team=#team", "approved=#result.approved" })
	@BusinessMetric(name = "orchestrator.plans.pages", value = "#result.requirementPages + #result.designPages",
			unit = MetricUnit.POINTS, tags = "team=#team")
	@BusinessMetric(name = "orchestrator.plans.budget", value = "#budget", unit = MetricUnit.DOLLARS,
			tags = "team=#team", condition = "#result.approved")
	public Project plan(String name, String team, double budget) {
		Map<String, String> tags = Map.of("team", team);
		this.metrics.increment("orchestrator.projects.active", 1, tags);
		TimerHandle timer = this.metrics.timer("orchestrator.plan", tags);
		try {
			int pages = work(20, 200);
			timer.split("requirements");
			this.metrics.histogram("orchestrator.document.pages", pages, Map.of("document", "requirements"));
			int diagrams = work(5, 60);
			this.faults.delay(0);
			if (this.faults.fails()) {
				this.metrics.increment("orchestrator.plans.failed", 1, tags);
				timer.stop(Map.of("outcome", "failed"));
				throw new InjectedFailureException("Planning " + name + " failed: the design did not converge");
			}
			timer.split("design");
			this.metrics.histogram("orchestrator.document.pages", diagrams, Map.of("document", "design"));
			this.reviews.checklist();
			long reviewStart = System.nanoTime();
			boolean approved = this.reviews.review("design", diagrams);
			recordBusinessEvents(team, budget, pages, diagrams, approved, Duration.ofNanos(System.nanoTime() - reviewStart));
			double millis = timer.stop(Map.of("outcome", approved ? "approved" : "rejected"));
			this.metrics.increment("orchestrator.reviews", 1, Map.of("outcome", approved ? "approved" : "rejected"));
			if (approved) {
				this.metrics.businessMetric("orchestrator.budget.approved", budget, MetricUnit.CURRENCY, tags);
			}
			Project project = new Project(this.ids.incrementAndGet(), name, team, budget, pages, diagrams, approved,
					Duration.ofNanos((long) (millis * 1e6)));
			this.projects.put(project.id(), project);
			// keep the newest projects only, so that a long load run does not fill the heap
			this.projects.remove(project.id() - MAX_PROJECTS);
			this.metrics.gauge("orchestrator.projects.planned", this.projects.size());
			return project;
		}
		finally {
			timer.cancel();
			this.metrics.decrement("orchestrator.projects.active", 1, tags);
		}
	}

	/**
	 * The orchestrator's business events: the project, its design review as an analysis,
	 * and its costs. A rejected design refunds half the review fee (a negative cost,
	 * recorded as {@code direction=refund}).
	 */
	private void recordBusinessEvents(String team, double budget, int pages, int diagrams, boolean approved,
			Duration reviewTime) {
		this.business.trackProjectCreation(new ProjectMetadata("bduf", TEAM_SIZES.getOrDefault(team, 4), "software",
				pages + diagrams, budget, "USD"));
		this.business.trackAnalysisCompletion(
				new AnalysisMetadata("design-review", reviewTime, approved ? 60 + diagrams % 40 : 20 + diagrams % 30));
		this.business.trackCostMetrics(new CostMetadata("planning", pages * 12.5, "USD"));
		double reviewFee = diagrams * 40.0;
		this.business.trackCostMetrics(new CostMetadata("review", reviewFee, "USD"));
		if (!approved) {
			this.business.trackCostMetrics(new CostMetadata("review", -reviewFee / 2, "USD"));
		}
	}

	/**
	 * A project by id.
	 * @param id the project's id
	 * @return the project, or {@code null} when there is none
	 */
	public @Nullable Project find(long id) {
		return this.projects.get(id);
	}

	/**
	 * A user views a project: tracked as a user interaction (distinct users, by type and
	 * segment).
	 * @param id the project's id
	 * @param user the user's id
	 * @return the project, or {@code null} when there is none
	 */
	public @Nullable Project view(long id, String user) {
		Project project = this.projects.get(id);
		this.business.trackUserInteraction(new InteractionMetadata(user, "view",
				(project != null && TEAM_SIZES.getOrDefault(project.team(), 4) > 20) ? "enterprise" : "team"));
		return project;
	}

	/**
	 * The newest planned projects.
	 * @param limit how many at most
	 * @return the projects, newest first
	 */
	public List<Project> newest(int limit) {
		Collection<Project> all = this.projects.values();
		return all.stream().sorted(Comparator.comparingLong(Project::id).reversed()).limit(limit).toList();
	}

	/**
	 * How many projects were planned.
	 * @return the count
	 */
	public int count() {
		return this.projects.size();
	}

	private static int work(int min, int max) {
		int units = ThreadLocalRandom.current().nextInt(min, max);
		double sink = 0;
		for (int i = 0; i < units * 1000; i++) {
			sink += Math.sqrt(i);
		}
		return (sink >= 0) ? units : -units;
	}

}
