package dev.bduf.sample;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the orchestrator busy so its metrics move: a few plans per tick, and it stops by
 * itself after {@code orchestrator.load.max-plans}.
 */
@Component
@ConditionalOnBooleanProperty(name = "orchestrator.load.enabled", matchIfMissing = true)
public class LoadGenerator {

	private static final Log logger = LogFactory.getLog(LoadGenerator.class);

	private static final String[] TEAMS = { "core", "payments", "search", "platform" };

	private final PlanningService planning;

	private final long maxPlans;

	private final AtomicLong planned = new AtomicLong();

	public LoadGenerator(PlanningService planning, @Value("${orchestrator.load.max-plans:100000}") long maxPlans) {
		this.planning = planning;
		this.maxPlans = maxPlans;
	}

	@Scheduled(fixedDelayString = "${orchestrator.load.interval:200ms}")
	void tick() {
		if (this.planned.get() >= this.maxPlans) {
			return;
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 3; i++) {
			String team = TEAMS[random.nextInt(TEAMS.length)];
			this.planning.plan("project-" + this.planned.incrementAndGet(), team, random.nextInt(1_000, 50_000));
		}
		if (this.planned.get() >= this.maxPlans) {
			logger.info("Load generator planned " + this.planned.get() + " projects and stops");
		}
	}

}
