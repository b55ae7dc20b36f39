package dev.bduf.metrics;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
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
	void onlyTheSeriesRegistrarRegistersMeters() {
		// one door to the registry: a meter registered elsewhere escapes the key-set rule,
		// the cardinality guard and the collector's counts
		noClasses().that()
			.doNotHaveFullyQualifiedName("dev.bduf.metrics.collector.SeriesRegistrar")
			.should()
			.callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("register"))
				.and(JavaCall.Predicates.target(HasOwner.Predicates.With
					.owner(JavaClass.Predicates.resideInAPackage("io.micrometer.core.instrument..")))))
			.because("every meter of the starter is registered through the SeriesRegistrar")
			.check(classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.bduf.metrics.(*)..").should().beFreeOfCycles().check(classes);
	}

}
