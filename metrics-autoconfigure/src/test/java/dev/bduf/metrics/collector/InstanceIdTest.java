package dev.bduf.metrics.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class InstanceIdTest {

	private final Map<String, String> environment = new HashMap<>(Map.of("HOSTNAME", "web-01"));

	@TempDir
	Path locks;

	@Test
	void processesOfOneServiceOnOneHostGetDistinctIds() {
		try (InstanceId first = resolve("shop"); InstanceId second = resolve("shop")) {
			assertThat(first.value()).isEqualTo("web-01-0");
			assertThat(second.value()).isEqualTo("web-01-1");
		}
	}

	@Test
	void aReleasedSlotIsTakenAgainSoTheIdIsStableAcrossRestarts() {
		InstanceId first = resolve("shop");
		try (InstanceId second = resolve("shop")) {
			first.close();
			first.close();
			try (InstanceId restarted = resolve("shop")) {
				assertThat(restarted.value()).isEqualTo(first.value()).isEqualTo("web-01-0");
			}
			assertThat(second.value()).isEqualTo("web-01-1");
		}
	}

	@Test
	void slotsAreCountedPerService() {
		try (InstanceId shop = resolve("shop"); InstanceId billing = resolve("billing/api:v1")) {
			assertThat(shop.value()).isEqualTo("web-01-0");
			assertThat(billing.value()).isEqualTo("web-01-0");
			assertThat(this.locks.resolve("billing_api_v1").resolve("slot-0.lock")).exists();
		}
	}

	@Test
	void aSlotHeldByAnotherProcessIsSkipped() throws Exception {
		Path directory = Files.createDirectories(this.locks.resolve("shop"));
		Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), SlotHolder.class.getName(),
				directory.resolve("slot-0.lock").toString())
			.redirectErrorStream(true)
			.start();
		try {
			assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");
			try (InstanceId id = resolve("shop")) {
				assertThat(id.value()).isEqualTo("web-01-1");
			}
		}
		finally {
			holder.destroyForcibly().waitFor();
		}
		// the operating system released the killed holder's lock: slot 0 is free again
		try (InstanceId id = resolve("shop")) {
			assertThat(id.value()).isEqualTo("web-01-0");
		}
	}

	@Test
	void hostNameFromComputerNameThenFilesThenLocalhost(@TempDir Path files) throws IOException {
		Path hostname = Files.writeString(files.resolve("hostname"), "\n  Build-Box-7 \nsecond line\n");
		Path blank = Files.writeString(files.resolve("blank"), "  \n");
		Path missing = files.resolve("missing");
		assertThat(InstanceId.hostName(Map.of("COMPUTERNAME", "DESKTOP-1")::get, List.of(hostname)))
			.isEqualTo("desktop-1");
		assertThat(InstanceId.hostName(Map.of("HOSTNAME", " ", "COMPUTERNAME", "")::get,
				List.of(missing, blank, hostname)))
			.isEqualTo("build-box-7");
		assertThat(InstanceId.hostName((name) -> null, List.of(missing, blank, files))).isEqualTo("localhost");
	}

	@Test
	void blankOrAbsentEnvironmentStillGivesAnId() {
		this.environment.clear();
		this.environment.put("HOSTNAME", "   ");
		try (InstanceId id = InstanceId.resolve("shop", this.environment::get, List.of(), this.locks)) {
			assertThat(id.value()).isEqualTo("localhost-0");
		}
	}

	@Test
	void anUnusableLockDirectoryFallsBackToARandomSuffixAndSaysWhy(CapturedOutput output) throws IOException {
		Path notADirectory = Files.writeString(this.locks.resolve("file"), "x");
		try (InstanceId first = InstanceId.resolve("shop", this.environment::get, List.of(), notADirectory);
				InstanceId second = InstanceId.resolve("shop", this.environment::get, List.of(), notADirectory)) {
			assertThat(first.value()).matches("web-01-[0-9a-f]{6}");
			assertThat(second.value()).matches("web-01-[0-9a-f]{6}").isNotEqualTo(first.value());
		}
		assertThat(output).contains("INFO").contains("is not stable across restarts").contains("bduf.metrics.instance-id");
	}

	@Test
	void aGivenIdLocksNothing() {
		try (InstanceId id = InstanceId.of("pod-7")) {
			assertThat(id.value()).isEqualTo("pod-7");
			assertThat(id).hasToString("pod-7");
		}
		assertThat(this.locks).isEmptyDirectory();
	}

	@Test
	void theDefaultLockDirectoryIsUnderTheTemporaryDirectory() throws IOException {
		String service = "instance-id-test-" + ProcessHandle.current().pid();
		Path directory = Path.of(System.getProperty("java.io.tmpdir"), "bduf-metrics", "instances", service);
		try (InstanceId id = InstanceId.resolve(service)) {
			assertThat(id.value()).matches(".+-\\d+");
			assertThat(directory).isDirectory();
		}
		finally {
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	private InstanceId resolve(String service) {
		return InstanceId.resolve(service, this.environment::get, List.of(), this.locks);
	}

	/**
	 * Holds a slot lock in another process until it is killed.
	 */
	public static final class SlotHolder {

		public static void main(String[] args) throws Exception {
			try (var channel = java.nio.channels.FileChannel.open(Path.of(args[0]),
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
				channel.lock();
				System.out.print("locked");
				System.out.flush();
				Thread.sleep(60_000);
			}
		}

	}

}
