package dev.bduf.metrics.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Redis for the tests that need a real one, following {@link ExternalTools}: a missing
 * server or binary skips the test with a message, or fails it when
 * {@value ExternalTools#REQUIRE_VARIABLE} is {@code true}.
 * <p>
 * Two kinds: the machine's shared server on {@code 127.0.0.1:6379} (tests isolate their
 * keys under a random prefix and delete them afterwards, and never stop it), and a
 * private {@code redis-server} that a test starts on a free loopback port and may stop
 * and start again to play an outage.
 */
public final class RedisServers {

	/** The shared server's port. */
	public static final int SHARED_PORT = 6379;

	private RedisServers() {
	}

	/**
	 * The shared Redis on {@code 127.0.0.1:6379}; skips or fails the calling test when it
	 * does not answer PING.
	 * @return its port
	 */
	public static int requireSharedRedis() {
		if (!ping(SHARED_PORT)) {
			skipOrFail("Redis is not reachable on 127.0.0.1:" + SHARED_PORT
					+ ": start it (Debian package redis-server) to run this test");
		}
		return SHARED_PORT;
	}

	/**
	 * A key prefix no other test uses.
	 * @return the prefix
	 */
	public static String randomPrefix() {
		return "bduf-test-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Start a private {@code redis-server} on a free loopback port, keeping nothing on
	 * disk; skips or fails the calling test when the binary is missing.
	 * @return the running server
	 */
	public static PrivateServer startPrivate() {
		return startPrivate(null);
	}

	/**
	 * Start a private {@code redis-server} on a free loopback port that keeps what it
	 * acknowledged in an append-only file in a directory ({@code appendfsync always}), so
	 * that it survives {@link PrivateServer#stop()} (a SIGKILL) and a restart; skips or
	 * fails the calling test when the binary is missing.
	 * @param dataDir the directory of its append-only file, or {@code null} to keep
	 * nothing on disk
	 * @return the running server
	 */
	public static PrivateServer startPrivate(Path dataDir) {
		Path binary = null;
		String path = System.getenv("PATH");
		for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				binary = candidate;
				break;
			}
		}
		if (binary == null) {
			skipOrFail("redis-server not found: install it (Debian package redis-server) to run this test");
		}
		PrivateServer server = new PrivateServer(binary, freePort(), dataDir);
		server.start();
		return server;
	}

	/**
	 * Whether a Redis on a loopback port answers PING.
	 * @param port the port
	 * @return true when it answered PONG
	 */
	public static boolean ping(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.readNBytes(answer, 0, 7);
			return new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void skipOrFail(String message) {
		if (Boolean.parseBoolean(System.getenv(ExternalTools.REQUIRE_VARIABLE))) {
			fail(message + " (" + ExternalTools.REQUIRE_VARIABLE + "=true)");
		}
		Assumptions.abort(message);
	}

	/**
	 * A {@code redis-server} process of a test's own, on its own port.
	 */
	public static final class PrivateServer implements AutoCloseable {

		private final Path binary;

		private final int port;

		private final Path dataDir;

		private Process process;

		PrivateServer(Path binary, int port, Path dataDir) {
			this.binary = binary;
			this.port = port;
			this.dataDir = dataDir;
		}

		/**
		 * Its port on 127.0.0.1.
		 * @return the port
		 */
		public int port() {
			return this.port;
		}

		/**
		 * Start it (again, on the same port) and wait until it answers PING.
		 */
		public void start() {
			try {
				List<String> command = new ArrayList<>(List.of(this.binary.toString(), "--port",
						Integer.toString(this.port), "--bind", "127.0.0.1", "--save", ""));
				if (this.dataDir != null) {
					command.addAll(List.of("--dir", this.dataDir.toAbsolutePath().toString(), "--appendonly", "yes",
							"--appendfsync", "always"));
				}
				else {
					command.addAll(List.of("--appendonly", "no"));
				}
				this.process = new ProcessBuilder(command)
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + this.binary, ex);
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!ping(this.port)) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					fail("redis-server on port " + this.port + " did not start");
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		/**
		 * Stop it (SIGKILL, as a crash) and wait until it is gone.
		 */
		public void stop() {
			if (this.process != null) {
				this.process.destroyForcibly();
				try {
					this.process.waitFor(20, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@Override
		public void close() {
			stop();
		}

	}

}
