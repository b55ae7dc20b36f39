package dev.bduf.metrics.business;

/**
 * Sets a flag when anything of it runs: proof that a refused expression ran nothing.
 */
public class Canary {

	static volatile boolean touched;

	/**
	 * Hatching is running: its constructor sets the flag.
	 */
	public static class Hatched {

		public Hatched() {
			touched = true;
		}

	}

	public static int touch() {
		touched = true;
		return 1;
	}

	public int sing() {
		touched = true;
		return 1;
	}

	public String getName() {
		return "canary";
	}

	public void setName(String name) {
		touched = true;
	}

}
