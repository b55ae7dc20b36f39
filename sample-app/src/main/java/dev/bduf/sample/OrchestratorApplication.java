package dev.bduf.sample;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The BDUF orchestrator: plans projects through requirements, design and review,
 * analyses them, and records what it does through the BDUF Metrics starter's public API
 * only. A built-in load generator ({@code sample.load.*}) keeps it busy.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class OrchestratorApplication {

	/**
	 * Run the orchestrator.
	 * @param args command-line arguments, such as {@code --spring.profiles.active=file}
	 */
	public static void main(String[] args) {
		SpringApplication.run(OrchestratorApplication.class, args);
	}

	/**
	 * The bounded pool that analyses run on: four threads and 256 waiting analyses; more
	 * are refused (the API answers 503).
	 * @return the pool, shut down with the application
	 */
	@Bean(destroyMethod = "shutdownNow")
	ThreadPoolExecutor analysisExecutor() {
		AtomicInteger threads = new AtomicInteger();
		return new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(256), (task) -> {
			Thread thread = new Thread(task, "analysis-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

}
