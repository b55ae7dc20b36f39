package dev.bduf.sample;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.bduf.metrics.tracking.Tracked;
import dev.bduf.metrics.tracking.TrackedTag;

import org.springframework.stereotype.Service;

/**
 * Reviews designs before the orchestrator approves a plan. Every public method is tracked
 * as {@code method.tracked}, a call over 100 ms counted in {@code method.tracked.slow};
 * the review itself is tracked under its own name with a slow-call threshold and per-call
 * CPU and allocation.
 */
@Service
@Tracked(extraTags = "component=orchestrator", threshold = "100ms")
public class DesignReviewService {

	private final Faults faults;

	/**
	 * Create the service.
	 * @param faults the injected faults: the checklist is now and then slow to fetch
	 */
	public DesignReviewService(Faults faults) {
		this.faults = faults;
	}

	/**
	 * The review checklist; now and then slow to fetch ({@code sample.faults.slow-ratio}).
	 * @return the checklist
	 */
	public List<String> checklist() {
		this.faults.delay(0);
		return List.of("requirements traced", "interfaces frozen", "risks listed");
	}

	/**
	 * Review a design: slower calls than 50 ms increment {@code design.review.slow}, log
	 * a warning and publish a {@code SlowCallEvent}.
	 * @param phase the phase under review, recorded as the tag {@code phase}
	 * @param pages pages of design to read
	 * @return whether the design is approved
	 */
	@Tracked(value = "design.review", threshold = "50ms", trackCpu = true, trackMemory = true, includeArgs = true)
	public boolean review(@TrackedTag("phase") String phase, int pages) {
		double sink = 0;
		for (int i = 0; i < pages * 2_000; i++) {
			sink += Math.sqrt(i);
		}
		return sink >= 0 && ThreadLocalRandom.current().nextInt(10) < 8;
	}

}
