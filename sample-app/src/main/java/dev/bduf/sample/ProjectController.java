package dev.bduf.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.bduf.metrics.MetricsCollector;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The orchestrator's API: plan projects, look them up, analyse them.
 * <ul>
 * <li>{@code POST /api/projects?name=&team=&budget=} plans a project (201);</li>
 * <li>{@code GET /api/projects} the newest projects, {@code GET /api/projects/{id}?user=}
 * one (a user interaction);</li>
 * <li>{@code POST /api/projects/{id}/analyses?kind=risk|cost|schedule} analyses one,
 * asynchronously.</li>
 * </ul>
 * Bad parameters answer 400, an injected failure 503 (see {@link ApiErrors}).
 */
@RestController
@RequestMapping("/api/projects")
public class ProjectController {

	private static final Pattern TEAM = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	private final PlanningService planning;

	private final AnalysisService analyses;

	private final MetricsCollector metrics;

	/**
	 * Create the controller.
	 * @param planning the planning service
	 * @param analyses the analysis service
	 * @param metrics the collector, to count invalid requests
	 */
	public ProjectController(PlanningService planning, AnalysisService analyses, MetricsCollector metrics) {
		this.planning = planning;
		this.analyses = analyses;
		this.metrics = metrics;
	}

	/**
	 * Plan a project.
	 * @param name its name
	 * @param team the team, lower-case letters, digits and {@code -}
	 * @param budget its budget in US dollars, not negative
	 * @return 201 with the project
	 */
	@PostMapping
	public ResponseEntity<Project> plan(@RequestParam String name, @RequestParam(defaultValue = "core") String team,
			@RequestParam(defaultValue = "10000") double budget) {
		if (!(budget >= 0 && budget < 1e12)) {
			throw invalid("'budget' must be a number from 0 to 1e12, was " + budget);
		}
		if (!TEAM.matcher(team).matches()) {
			throw invalid("'team' must be lower-case letters, digits and '-', at most 32, was '" + team + "'");
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(this.planning.plan(name, team, budget));
	}

	/**
	 * The newest projects.
	 * @param limit how many, 1 to 1000
	 * @return the projects, newest first
	 */
	@GetMapping
	public List<Project> newest(@RequestParam(defaultValue = "20") int limit) {
		if (limit < 1 || limit > 1000) {
			throw invalid("'limit' must be between 1 and 1000, was " + limit);
		}
		return this.planning.newest(limit);
	}

	/**
	 * A user looks at a project.
	 * @param id the project's id
	 * @param user who looks
	 * @return the project, or 404
	 */
	@GetMapping("/{id}")
	public ResponseEntity<Project> find(@PathVariable long id, @RequestParam(defaultValue = "anonymous") String user) {
		Project project = this.planning.view(id, user);
		return (project != null) ? ResponseEntity.ok(project) : ResponseEntity.notFound().build();
	}

	/**
	 * Analyse a project; the answer comes when the analysis completes.
	 * @param id the project's id
	 * @param kind {@code risk}, {@code cost} or {@code schedule}
	 * @return the analysis
	 */
	@PostMapping("/{id}/analyses")
	public CompletableFuture<Analysis> analyze(@PathVariable long id, @RequestParam(defaultValue = "risk") String kind) {
		if (!this.analyses.kinds().contains(kind)) {
			throw invalid("'kind' must be one of " + this.analyses.kinds() + ", was '" + kind + "'");
		}
		return this.analyses.analyze(id, kind);
	}

	private IllegalArgumentException invalid(String message) {
		this.metrics.increment("orchestrator.requests.invalid");
		return new IllegalArgumentException(message);
	}

}
