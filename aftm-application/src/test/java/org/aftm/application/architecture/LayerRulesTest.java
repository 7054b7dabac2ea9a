package org.aftm.application.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of docs/architecture.md §9 for the two inner layers: the domain sees only Java,
 * the application only Java, the domain, SLF4J and Agrona; ports never reach into services. The
 * Maven module graph already stops the inner layers from importing adapters; these rules also catch
 * a third-party import that would slip in through a new dependency.
 */
class LayerRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    // The domain comes from its jar on the test classpath, the application from target/classes.
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.aftm.domain", "org.aftm.application");
  }

  @Test
  void everyPackageTheRulesNameHoldsClasses() {
    // A rule over an empty package passes vacuously; make sure each one has something to check.
    for (String pkg :
        new String[] {
          "org.aftm.domain.model",
          "org.aftm.domain.condition",
          "org.aftm.domain.strategy",
          "org.aftm.domain.order",
          "org.aftm.application.port.in",
          "org.aftm.application.port.out",
          "org.aftm.application.service"
        }) {
      assertThat(classes.stream().filter(c -> c.getPackageName().equals(pkg)))
          .as("classes in %s", pkg)
          .isNotEmpty();
    }
    assertThat(classes.contain("org.aftm.domain.condition.Condition")).isTrue();
    assertThat(classes.contain("org.aftm.application.service.PlaceOrderService")).isTrue();
  }

  @Test
  void theDomainDependsOnlyOnJavaAndItself() {
    classes()
        .that()
        .resideInAPackage("org.aftm.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.aftm.domain..")
        .check(classes);
  }

  @Test
  void theApplicationDependsOnlyOnJavaTheDomainSlf4jAndAgrona() {
    classes()
        .that()
        .resideInAPackage("org.aftm.application..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.aftm.domain..", "org.aftm.application..", "org.slf4j..", "org.agrona..")
        .check(classes);
  }

  @Test
  void portsDoNotDependOnServices() {
    noClasses()
        .that()
        .resideInAnyPackage("org.aftm.application.port.in..", "org.aftm.application.port.out..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.aftm.application.service..")
        .check(classes);
  }

  @Test
  void inPortsAndOutPortsStayApart() {
    noClasses()
        .that()
        .resideInAPackage("org.aftm.application.port.out..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.aftm.application.port.in..")
        .check(classes);
  }

  @Test
  void noClassWritesToTheStandardStreams() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
  }

  @Test
  void noClassThrowsGenericExceptions() {
    NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS.check(classes);
  }

  @Test
  void outPortInterfacesAreNamedPort() {
    // Top-level only: a port's nested callback (ReceiveTicksPort.TickHandler) is part of that port.
    classes()
        .that()
        .resideInAPackage("org.aftm.application.port.out..")
        .and()
        .areInterfaces()
        .and()
        .areTopLevelClasses()
        .and()
        .doNotHaveSimpleName("ExchangeApi")
        .and()
        .doNotHaveSimpleName("ExchangeListener")
        .and()
        .doNotHaveSimpleName("OrderGateway")
        .and()
        .doNotHaveSimpleName("TradingMetrics")
        .should()
        .haveSimpleNameEndingWith("Port")
        .check(classes);
    assertThat(
            classes.stream()
                .filter(JavaClass::isInterface)
                .filter(c -> c.getPackageName().equals("org.aftm.application.port.out"))
                .map(JavaClass::getSimpleName))
        .contains("LoadConditionsPort", "SendSignalPort", "ExchangeApi");
  }

  @Test
  void inPortUseCasesAreNamedUseCase() {
    classes()
        .that()
        .resideInAPackage("org.aftm.application.port.in..")
        .and()
        .areInterfaces()
        .and()
        .areTopLevelClasses()
        .should()
        .haveSimpleNameEndingWith("UseCase")
        .check(classes);
  }
}
