package org.aftm.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aftm.app.config.ConfigSources;
import org.aftm.app.process.ChildLauncher;
import org.aftm.app.process.EnvironmentPrintingChild;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest} report a violation when there is one: they cannot pass by
 * accident.
 */
class ArchitectureRulesBiteTest {

  @Test
  void theConsoleRuleCatchesAClassOutsideTheCliThatPrints() {
    // A test main of the process package prints its environment to System.out.
    JavaClasses printing =
        new ClassFileImporter().importClasses(EnvironmentPrintingChild.class, ConfigSources.class);

    assertThat(ArchitectureTest.onlyTheCliWritesToTheConsole.evaluate(printing).hasViolation())
        .isTrue();
  }

  @Test
  void theConsoleRuleAcceptsClassesThatLog() {
    JavaClasses logging =
        new ClassFileImporter().importClasses(ChildLauncher.class, ConfigSources.class);

    assertThat(ArchitectureTest.onlyTheCliWritesToTheConsole.evaluate(logging).hasViolation())
        .isFalse();
  }
}
