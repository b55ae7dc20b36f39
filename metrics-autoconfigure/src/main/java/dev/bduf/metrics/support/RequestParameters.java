package dev.bduf.metrics.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * Parsing of HTTP query parameters shared by the endpoints: a malformed value throws an
 * {@link IllegalArgumentException} whose message, naming the parameter, is meant for the
 * client (answered with a 400).
 */
public final class RequestParameters {

	private RequestParameters() {
	}

	/**
	 * A duration in any {@link DurationStyle} ({@code 30s}, {@code 500ms}, {@code PT1M}).
	 * @param parameter the parameter name, for the message
	 * @param text the value, may be {@code null} or blank
	 * @param examples examples of valid values, for the message (for example
	 * {@code "1s, 500ms or PT5S"})
	 * @return the duration, or {@code null} when the value is absent or blank
	 * @throws IllegalArgumentException when the value is not a duration
	 */
	public static @Nullable Duration duration(String parameter, @Nullable String text, String examples) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					parameter + " must be a duration such as " + examples + ", got '" + text + "'");
		}
	}

	/**
	 * Add the items of a comma-separated value, trimmed, blank ones left out.
	 * @param text the value, may be {@code null}
	 * @param items where to add them
	 * @return {@code items}
	 */
	public static List<String> commaSeparated(@Nullable String text, List<String> items) {
		if (text != null) {
			for (String item : text.split(",")) {
				if (!item.isBlank()) {
					items.add(item.trim());
				}
			}
		}
		return items;
	}

	/**
	 * The items of a comma-separated value, trimmed, blank ones left out.
	 * @param text the value, may be {@code null}
	 * @return the items, empty when the value is absent
	 */
	public static List<String> commaSeparated(@Nullable String text) {
		return commaSeparated(text, new ArrayList<>());
	}

}
