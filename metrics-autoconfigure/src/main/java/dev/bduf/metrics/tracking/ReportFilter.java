package dev.bduf.metrics.tracking;

import org.jspecify.annotations.Nullable;

/**
 * Selects entries of the performance report; a {@code null} part matches everything.
 *
 * @param name the meter name, exactly
 * @param className part of the {@code class} tag, case-insensitive
 * @param method the {@code method} tag, exactly
 */
public record ReportFilter(@Nullable String name, @Nullable String className, @Nullable String method) {

	private static final ReportFilter ALL = new ReportFilter(null, null, null);

	/**
	 * A filter that selects every tracked method.
	 * @return the filter
	 */
	public static ReportFilter all() {
		return ALL;
	}

	boolean matches(String name, String className, String method) {
		return (this.name == null || this.name.equals(name))
				&& (this.className == null
						|| className.toLowerCase(java.util.Locale.ROOT)
							.contains(this.className.toLowerCase(java.util.Locale.ROOT)))
				&& (this.method == null || this.method.equals(method));
	}

}
