package dev.bduf.metrics;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of STYLE.md: feature packages never reach into auto-configuration,
 * the API does not depend on its implementation, and there are no package cycles.
 */
class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.bduf.metrics");

	@Test
	void featurePackagesDoNotImportAutoConfiguration() {
		noClasses().that()
			.resideOutsideOfPackage("dev.bduf.metrics.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.bduf.metrics.autoconfigure..")
			.check(classes);
	}

	@Test
	void theApiDoesNotDependOnFeaturePackages() {
		noClasses().that()
			.resideInAPackage("dev.bduf.metrics")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.bduf.metrics.(*)..")
			.check(classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.bduf.metrics.(*)..").should().beFreeOfCycles().check(classes);
	}

}
