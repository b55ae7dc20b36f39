package dev.bduf.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The BDUF orchestrator: plans projects through requirements, design and review, and
 * records what it does through the BDUF Metrics starter's public API only.
 */
@SpringBootApplication
@EnableScheduling
public class OrchestratorApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrchestratorApplication.class, args);
	}

}
