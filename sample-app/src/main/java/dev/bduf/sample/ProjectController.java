package dev.bduf.sample;

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
 * Submit projects for planning and look them up.
 */
@RestController
@RequestMapping("/api/projects")
public class ProjectController {

	private final PlanningService planning;

	private final MetricsCollector metrics;

	public ProjectController(PlanningService planning, MetricsCollector metrics) {
		this.planning = planning;
		this.metrics = metrics;
	}

	@PostMapping
	public ResponseEntity<PlanningService.Project> plan(@RequestParam String name,
			@RequestParam(defaultValue = "core") String team, @RequestParam(defaultValue = "10000") double budget) {
		if (budget < 0) {
			this.metrics.increment("orchestrator.requests.invalid");
			return ResponseEntity.badRequest().build();
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(this.planning.plan(name, team, budget));
	}

	@GetMapping("/{id}")
	public ResponseEntity<PlanningService.Project> find(@PathVariable long id) {
		PlanningService.Project project = this.planning.find(id);
		return (project != null) ? ResponseEntity.ok(project) : ResponseEntity.notFound().build();
	}

}
