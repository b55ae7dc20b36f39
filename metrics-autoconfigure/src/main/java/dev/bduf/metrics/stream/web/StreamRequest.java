package dev.bduf.metrics.stream.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.support.RequestParameters;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of {@code GET /actuator/metricstream}: {@code name} (globs,
 * repeatable or comma-separated), {@code tag=k:v} (repeatable), {@code interval}
 * ({@code 1s}, {@code 500ms}, {@code PT5S}), {@code mode} ({@code deltas} or
 * {@code values}); and the {@code Last-Event-ID} header.
 */
final class StreamRequest {

	private StreamRequest() {
	}

	/**
	 * The configuration the parameters ask for.
	 * @throws IllegalArgumentException with a message for the client when a parameter is
	 * malformed
	 */
	static StreamingConfig config(List<String> names, List<String> tags, @Nullable String interval,
			@Nullable String mode) {
		StreamingConfig config = new StreamingConfig(names(names), tags(tags), interval(interval), mode(mode));
		String problem = config.problem();
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		return config;
	}

	static List<String> names(List<String> values) {
		List<String> names = new ArrayList<>();
		for (String value : values) {
			RequestParameters.commaSeparated(value, names);
		}
		return names;
	}

	static Map<String, String> tags(List<String> values) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (String tag : values) {
			int colon = tag.indexOf(':');
			if (colon <= 0 || colon == tag.length() - 1) {
				throw new IllegalArgumentException("tag must be key:value, got '" + tag + "'");
			}
			tags.put(tag.substring(0, colon).trim(), tag.substring(colon + 1).trim());
		}
		return tags;
	}

	static @Nullable Duration interval(@Nullable String text) {
		return RequestParameters.duration("interval", text, "1s, 500ms or PT5S");
	}

	static StreamingConfig.@Nullable Mode mode(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		return switch (text.trim().toLowerCase(Locale.ROOT)) {
			case "values" -> StreamingConfig.Mode.VALUES;
			case "deltas" -> StreamingConfig.Mode.DELTAS;
			default -> throw new IllegalArgumentException("mode must be values or deltas, got '" + text + "'");
		};
	}

	/**
	 * The sequence number of a {@code Last-Event-ID} header.
	 * @throws IllegalArgumentException when it is not a number
	 */
	static @Nullable Long lastEventId(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(header.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Last-Event-ID must be a number, got '" + header + "'");
		}
	}

}
