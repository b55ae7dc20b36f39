package dev.bduf.sample;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.TimerHandle;

import org.springframework.stereotype.Service;

/**
 * Plans a project up front, in full: requirements, design, review. Every step is
 * measured through the {@link MetricsCollector}.
 */
@Service
public class PlanningService {

	private final MetricsCollector metrics;

	private final DesignReviewService reviews;

	private final Map<Long, Project> projects = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	public PlanningService(MetricsCollector metrics, DesignReviewService reviews) {
		this.metrics = metrics;
		this.reviews = reviews;
	}

	/**
	 * Plan a project.
	 * @param name the project's name
	 * @param team the team that plans it
	 * @param budget the budget in the application's currency
	 * @return the planned project
	 */
	public Project plan(String name, String team, double budget) {
		Map<String, String> tags = Map.of("team", team);
		this.metrics.increment("orchestrator.projects.active", 1, tags);
		TimerHandle timer = this.metrics.timer("orchestrator.plan", tags);
		try {
			int pages = work(20, 200);
			timer.split("requirements");
			this.metrics.histogram("orchestrator.document.pages", pages, Map.of("document", "requirements"));
			int diagrams = work(5, 60);
			timer.split("design");
			this.metrics.histogram("orchestrator.document.pages", diagrams, Map.of("document", "design"));
			this.reviews.checklist();
			boolean approved = this.reviews.review("design", diagrams);
			double millis = timer.stop(Map.of("outcome", approved ? "approved" : "rejected"));
			this.metrics.increment("orchestrator.reviews", 1, Map.of("outcome", approved ? "approved" : "rejected"));
			if (approved) {
				this.metrics.businessMetric("orchestrator.budget.approved", budget, MetricUnit.CURRENCY, tags);
			}
			Project project = new Project(this.ids.incrementAndGet(), name, team, pages, diagrams, approved,
					Duration.ofNanos((long) (millis * 1e6)));
			this.projects.put(project.id(), project);
			this.metrics.gauge("orchestrator.projects.planned", this.projects.size());
			return project;
		}
		finally {
			timer.cancel();
			this.metrics.decrement("orchestrator.projects.active", 1, tags);
		}
	}

	public Project find(long id) {
		return this.projects.get(id);
	}

	private static int work(int min, int max) {
		int units = ThreadLocalRandom.current().nextInt(min, max);
		double sink = 0;
		for (int i = 0; i < units * 1000; i++) {
			sink += Math.sqrt(i);
		}
		return (sink >= 0) ? units : -units;
	}

	/**
	 * A planned project.
	 *
	 * @param id its id
	 * @param name its name
	 * @param team the team that planned it
	 * @param requirementPages pages of requirements written
	 * @param designPages pages of design drawn
	 * @param approved whether the review approved it
	 * @param planningTime how long planning took
	 */
	public record Project(long id, String name, String team, int requirementPages, int designPages, boolean approved,
			Duration planningTime) {
	}

}
