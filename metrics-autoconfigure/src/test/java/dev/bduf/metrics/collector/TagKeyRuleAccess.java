package dev.bduf.metrics.collector;

/**
 * Test access to {@link TagKeyRule}.
 */
public final class TagKeyRuleAccess {

	private TagKeyRuleAccess() {
	}

	public static boolean atLeast(String version, int major, int minor) {
		return TagKeyRule.atLeast(version, major, minor);
	}

}
