package org.aftm.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import java.util.stream.Stream;

/**
 * DESIGN §9 made executable over every module on the classpath: domain → application → adapters →
 * app, inner layers never importing outer ones, adapters never importing each other. Test classes
 * are left out (they may print and may cross layers).
 */
@AnalyzeClasses(packages = "org.aftm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String DOMAIN = "org.aftm.domain..";
  private static final String APPLICATION = "org.aftm.application..";
  private static final String APP = "org.aftm.app..";
  private static final List<String> ADAPTERS =
      List.of(
          "org.aftm.adapter.out.sim..",
          "org.aftm.adapter.out.persistence..",
          "org.aftm.adapter.zmq..",
          "org.aftm.adapter.in.http..");

  /** Every package a rule below names, so that no rule can pass because its package is missing. */
  private static final List<String> EXPECTED_PACKAGES =
      List.of(
          "org.aftm.domain.model",
          "org.aftm.domain.condition",
          "org.aftm.domain.strategy",
          "org.aftm.domain.order",
          "org.aftm.application.port.in",
          "org.aftm.application.port.out",
          "org.aftm.application.service",
          "org.aftm.adapter.out.sim",
          "org.aftm.adapter.out.persistence",
          "org.aftm.adapter.zmq.gateway",
          "org.aftm.adapter.in.http",
          "org.aftm.app.cli",
          "org.aftm.app.config",
          "org.aftm.app.process",
          "org.aftm.app.wiring");

  @ArchTest
  static void everyLayerIsImported(JavaClasses classes) {
    for (String expected : EXPECTED_PACKAGES) {
      assertThat(classes.stream().map(JavaClass::getPackageName))
          .as("classes imported from %s", expected)
          .contains(expected);
    }
    assertThat(classes.stream().map(JavaClass::getSimpleName))
        .as("test classes are not imported")
        .noneMatch(name -> name.endsWith("Test"));
  }

  @ArchTest
  static final ArchRule domainDependsOnlyOnItselfAndTheJdk =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(DOMAIN, "java..");

  @ArchTest
  static final ArchRule applicationDoesNotDependOnAdaptersOrTheApp =
      noClasses()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.aftm.adapter..", APP);

  @ArchTest
  static void adaptersDependNeitherOnEachOtherNorOnTheApp(JavaClasses classes) {
    for (String adapter : ADAPTERS) {
      String[] forbidden =
          Stream.concat(ADAPTERS.stream().filter(other -> !other.equals(adapter)), Stream.of(APP))
              .toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(adapter)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(forbidden)
          .as("classes in " + adapter + " should not depend on other adapters or the app")
          .check(classes);
    }
  }

  @ArchTest
  static final ArchRule onlyTheCliWritesToTheConsole =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.aftm.app.cli..")
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
          .because("the operator's screen belongs to the CLI; everything else logs through SLF4J");

  @ArchTest
  static final ArchRule noJavaUtilLogging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  @ArchTest
  static final ArchRule noGenericExceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

  @ArchTest
  static final ArchRule appPackagesAreFreeOfCycles =
      slices().matching("org.aftm.app.(*)..").should().beFreeOfCycles();
}
