package dev.bduf.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drive the {@link LoadGenerator} over HTTP: {@code GET /load} for its status,
 * {@code POST /load/spike?duration=30s} to inject a spike now, {@code POST /load/start}
 * ({@code rate}, {@code duration}, {@code spikeAfter}) and {@code POST /load/stop}.
 */
@RestController
@RequestMapping("/load")
public class LoadController {

	private static final Duration MAX_SPIKE = Duration.ofHours(1);

	private static final Duration MAX_RUN = Duration.ofHours(24);

	private final LoadGenerator generator;

	private final SampleProperties.Load properties;

	/**
	 * Create the controller.
	 * @param generator the load generator
	 * @param properties the sample's properties, for the defaults
	 */
	public LoadController(LoadGenerator generator, SampleProperties properties) {
		this.generator = generator;
		this.properties = properties.getLoad();
	}

	/**
	 * The generator's status and what it did.
	 * @return the status
	 */
	@GetMapping
	public LoadGenerator.Status status() {
		return this.generator.status();
	}

	/**
	 * Inject a spike now: calls get slower and many fail.
	 * @param duration how long it lasts, default {@code sample.load.spike-duration}
	 * @return 202 with the generator's status
	 */
	@PostMapping("/spike")
	public ResponseEntity<LoadGenerator.Status> spike(@RequestParam(required = false) @Nullable String duration) {
		Duration length = duration("duration", duration, this.properties.getSpikeDuration(), MAX_SPIKE);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.generator.spike(length));
	}

	/**
	 * Start a run of the generator, unless one is going on.
	 * @param rate actions per second, default {@code sample.load.rate}
	 * @param duration how long, default {@code sample.load.duration}
	 * @param spikeAfter when its spike starts; default none
	 * @return 202 with the generator's status
	 */
	@PostMapping("/start")
	public ResponseEntity<LoadGenerator.Status> start(@RequestParam(required = false) @Nullable Double rate,
			@RequestParam(required = false) @Nullable String duration,
			@RequestParam(required = false) @Nullable String spikeAfter) {
		double actions = (rate != null) ? rate : this.properties.getRate();
		if (!(actions > 0 && actions <= 10_000)) {
			throw new IllegalArgumentException("'rate' must be more than 0 and at most 10000, was " + rate);
		}
		Duration length = duration("duration", duration, this.properties.getDuration(), MAX_RUN);
		Duration spike = (spikeAfter != null) ? duration("spikeAfter", spikeAfter, length, MAX_RUN) : Duration.ZERO;
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.generator.start(actions, length, spike));
	}

	/**
	 * Stop the current run; actions already started finish first.
	 * @return the generator's status
	 */
	@PostMapping("/stop")
	public LoadGenerator.Status stop() {
		return this.generator.stopRun();
	}

	private static Duration duration(String name, @Nullable String text, Duration fallback, Duration max) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + name + "' must be a duration such as 30s or PT30S, was '" + text
					+ "'");
		}
		if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
			throw new IllegalArgumentException("'" + name + "' must be more than 0 and at most " + max + ", was " + text);
		}
		return duration;
	}

}
