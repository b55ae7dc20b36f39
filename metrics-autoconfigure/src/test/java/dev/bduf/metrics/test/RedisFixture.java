package dev.bduf.metrics.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * What the Redis tests share, as a JUnit extension
 * ({@code @RegisterExtension final RedisFixture redis = new RedisFixture();}): Lettuce
 * connection factories, a private {@code redis-server} per test, keys under a random
 * prefix of the shared server, and everything a test opens, all cleaned up after each
 * test: the test keys are deleted first, then what was opened is closed, newest first,
 * and the connection factories last.
 */
public final class RedisFixture implements AfterEachCallback {

	private final List<Runnable> cleanups = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * A started connection factory to {@code 127.0.0.1}, destroyed after the test.
	 * @param port the server's port
	 * @param timeout the command timeout
	 * @return the factory
	 */
	public LettuceConnectionFactory factory(int port, Duration timeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout)
			.shutdownTimeout(Duration.ZERO)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port), client);
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(0, factory::destroy);
		return factory;
	}

	/**
	 * The machine's shared Redis (skipping or failing the test when it is absent), with
	 * a key prefix of this test's own whose keys are deleted afterwards.
	 * @return a factory and the prefix
	 */
	public Shared shared() {
		int port = RedisServers.requireSharedRedis();
		String prefix = RedisServers.randomPrefix();
		LettuceConnectionFactory factory = factory(port, Duration.ofSeconds(2));
		this.cleanups.add(() -> deleteKeys(factory, prefix));
		return new Shared(factory, prefix);
	}

	/**
	 * A private {@code redis-server} on a free loopback port, stopped after the test.
	 * @return the running server
	 */
	public RedisServers.PrivateServer privateServer() {
		return closeAfterwards(RedisServers.startPrivate());
	}

	/**
	 * Close something after the test, before the connection factories.
	 * @param <T> its type
	 * @param resource what to close
	 * @return the resource
	 */
	public <T extends AutoCloseable> T closeAfterwards(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/**
	 * Delete every key under a prefix.
	 * @param factory connections to the server
	 * @param prefix the prefix (keys {@code prefix:*})
	 */
	public static void deleteKeys(LettuceConnectionFactory factory, String prefix) {
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> keys = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix + ":*").count(1000).build())) {
			List<byte[]> found = new ArrayList<>();
			keys.forEachRemaining(found::add);
			if (!found.isEmpty()) {
				connection.keyCommands().del(found.toArray(new byte[0][]));
			}
		}
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		try {
			this.cleanups.forEach(Runnable::run);
		}
		finally {
			for (int i = this.resources.size() - 1; i >= 0; i--) {
				this.resources.get(i).close();
			}
			this.cleanups.clear();
			this.resources.clear();
		}
	}

	/**
	 * The shared server with this test's key prefix.
	 *
	 * @param factory connections to it
	 * @param prefix the test's key prefix
	 */
	public record Shared(LettuceConnectionFactory factory, String prefix) {
	}

}
