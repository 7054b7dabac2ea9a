package org.aftm.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import java.util.stream.Stream;

/**
 * docs/architecture.md §9 made executable over every module on the classpath: domain → application
 * → adapters → app, inner layers never importing outer ones, adapters never importing each other;
 * inside the ZeroMQ adapter, the inbound and outbound sides share only the codec, the link and the
 * gateway vocabulary; inside the app, the CLI is outermost and the composition roots next. Test
 * classes are left out (they may print and may cross layers); {@link ArchitectureRulesBiteTest}
 * shows that each rule reports a violation when there is one.
 */
@AnalyzeClasses(packages = "org.aftm", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String DOMAIN = "org.aftm.domain..";
  private static final String APPLICATION = "org.aftm.application..";
  private static final String APP = "org.aftm.app..";
  private static final String ZMQ_IN = "org.aftm.adapter.zmq.in..";
  private static final String ZMQ_OUT = "org.aftm.adapter.zmq.out..";
  private static final String ZMQ_CODEC = "org.aftm.adapter.zmq.codec..";
  private static final String ZMQ_LINK = "org.aftm.adapter.zmq.link..";
  private static final String ZMQ_GATEWAY = "org.aftm.adapter.zmq.gateway..";
  private static final String APP_CLI = "org.aftm.app.cli..";
  private static final String APP_WIRING = "org.aftm.app.wiring..";
  private static final String APP_BENCH = "org.aftm.app.bench..";
  private static final List<String> ADAPTERS =
      List.of(
          "org.aftm.adapter.out.sim..",
          "org.aftm.adapter.out.persistence..",
          "org.aftm.adapter.out.fix..",
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
          "org.aftm.adapter.out.fix",
          "org.aftm.adapter.zmq.in",
          "org.aftm.adapter.zmq.out",
          "org.aftm.adapter.zmq.codec",
          "org.aftm.adapter.zmq.link",
          "org.aftm.adapter.zmq.gateway",
          "org.aftm.adapter.in.http",
          "org.aftm.app.cli",
          "org.aftm.app.config",
          "org.aftm.app.process",
          "org.aftm.app.session",
          "org.aftm.app.status",
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

  /**
   * Every path that registers a condition goes through {@code ConditionCatalogService}, which
   * checks it ({@code ConditionRules}) before anything is stored; only the store's own classes
   * forward the insert.
   */
  @ArchTest
  static final ArchRule onlyTheCatalogStoresConditions =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("org.aftm.application.service.ConditionCatalogService")
          .and()
          .resideOutsideOfPackage("org.aftm.adapter.out.persistence..")
          .should()
          .callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("insertCondition")))
          .because(
              "ConditionCatalogService checks every condition (ConditionRules) before it is"
                  + " stored");

  @ArchTest
  static final ArchRule applicationDoesNotDependOnAdaptersOrTheApp =
      noClasses()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.aftm.adapter..", APP);

  /**
   * The use cases and their services know no socket, database, JSON or CLI library: logging and
   * Agrona's agent contract only.
   */
  @ArchTest
  static final ArchRule applicationUsesNoInfrastructureLibrary =
      classes()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(DOMAIN, APPLICATION, "java..", "org.slf4j..", "org.agrona..");

  @ArchTest
  static final ArchRule zmqInboundDoesNotDependOnOutbound =
      noClasses()
          .that()
          .resideInAPackage(ZMQ_IN)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ZMQ_OUT)
          .because("the receiving side shares only codec, link and gateway with the sending side");

  @ArchTest
  static final ArchRule zmqOutboundDoesNotDependOnInbound =
      noClasses()
          .that()
          .resideInAPackage(ZMQ_OUT)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ZMQ_IN)
          .because("the sending side shares only codec, link and gateway with the receiving side");

  @ArchTest
  static final ArchRule zmqSharedPackagesDependOnNeitherSide =
      noClasses()
          .that()
          .resideInAnyPackage(ZMQ_CODEC, ZMQ_LINK, ZMQ_GATEWAY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ZMQ_IN, ZMQ_OUT);

  /** The wire format is plain code over the domain: testable and fuzzable without a socket. */
  @ArchTest
  static final ArchRule zmqCodecUsesNoSocketNorTheApplication =
      classes()
          .that()
          .resideInAPackage(ZMQ_CODEC)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(DOMAIN, ZMQ_CODEC, "java..");

  @ArchTest
  static final ArchRule zmqPackagesAreFreeOfCycles =
      slices().matching("org.aftm.adapter.zmq.(*)..").should().beFreeOfCycles();

  /** The CLI is the outermost layer of the app: nothing else in the app (or below) uses it. */
  @ArchTest
  static final ArchRule nothingButTheCliDependsOnTheCli =
      noClasses()
          .that()
          .resideOutsideOfPackage(APP_CLI)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(APP_CLI);

  /**
   * The composition roots are used by the CLI and by the bench (which starts the whole system as
   * the CLI does, to measure it) only; config, process, session, status are below.
   */
  @ArchTest
  static final ArchRule onlyTheCliDependsOnTheCompositionRoots =
      noClasses()
          .that()
          .resideOutsideOfPackages(APP_CLI, APP_WIRING, APP_BENCH)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(APP_WIRING);

  /** Configuration, the session record and the metrics are plain values: no adapter behind them. */
  @ArchTest
  static final ArchRule configSessionAndStatusUseNoAdapter =
      noClasses()
          .that()
          .resideInAnyPackage(
              "org.aftm.app.config..", "org.aftm.app.session..", "org.aftm.app.status..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.aftm.adapter..");

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
