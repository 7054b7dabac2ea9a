package org.aftm.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.aftm.adapter.in.http.StatusHttpServer;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimUsingPersistence;
import org.aftm.adapter.zmq.in.InboundUsingOutbound;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.ConfigSources;
import org.aftm.app.config.ConfigUsingWiring;
import org.aftm.app.process.ChildLauncher;
import org.aftm.app.process.EnvironmentPrintingChild;
import org.aftm.app.wiring.ConditionDesk;
import org.aftm.app.wiring.ConditionStoredPastTheCatalog;
import org.aftm.app.wiring.MainProcess;
import org.aftm.application.service.ConditionCatalogService;
import org.aftm.application.service.PlaceOrderService;
import org.aftm.application.service.ServiceUsingZeroMq;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * The rules of {@link ArchitectureTest} report a violation when there is one: they cannot pass by
 * accident.
 */
class ArchitectureRulesBiteTest {

  @Test
  void theConditionRuleCatchesAClassStoringAConditionPastTheCatalog() {
    JavaClasses bypassing =
        new ClassFileImporter()
            .importClasses(ConditionStoredPastTheCatalog.class, SqlitePersistenceAdapter.class);

    assertThat(ArchitectureTest.onlyTheCatalogStoresConditions.evaluate(bypassing).hasViolation())
        .isTrue();
  }

  @Test
  void theConditionRuleAcceptsTheCatalogAndTheStore() {
    JavaClasses catalog =
        new ClassFileImporter()
            .importClasses(
                ConditionCatalogService.class, SqlitePersistenceAdapter.class, ConditionDesk.class);

    assertThat(ArchitectureTest.onlyTheCatalogStoresConditions.evaluate(catalog).hasViolation())
        .isFalse();
  }

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

  @Test
  void theAdapterRuleCatchesOneAdapterUsingAnother() {
    JavaClasses crossing =
        new ClassFileImporter().importClasses(SimUsingPersistence.class, SqliteDatabase.class);

    assertThatThrownBy(() -> ArchitectureTest.adaptersDependNeitherOnEachOtherNorOnTheApp(crossing))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("org.aftm.adapter.out.sim")
        .hasMessageContaining("SqliteDatabase");
  }

  @Test
  void theAdapterRuleAcceptsAdaptersThatUseOnlyTheApplication() {
    JavaClasses own =
        new ClassFileImporter()
            .importClasses(
                SimExchangeApi.class,
                SqliteDatabase.class,
                ZmqOrderGatewayServer.class,
                StatusHttpServer.class,
                FixVersion.class);

    ArchitectureTest.adaptersDependNeitherOnEachOtherNorOnTheApp(own);
  }

  @Test
  void theZmqRulesCatchTheInboundSideUsingTheOutboundSide() {
    JavaClasses crossing =
        new ClassFileImporter()
            .importClasses(InboundUsingOutbound.class, ZmqOrderGatewayClient.class);

    assertThat(ArchitectureTest.zmqInboundDoesNotDependOnOutbound.evaluate(crossing).hasViolation())
        .isTrue();
    assertThat(
            ArchitectureTest.zmqInboundDoesNotDependOnOutbound
                .evaluate(
                    new ClassFileImporter()
                        .importClasses(ZmqOrderGatewayServer.class, ZmqOrderGatewayClient.class))
                .hasViolation())
        .as("the real gateway server")
        .isFalse();
  }

  @Test
  void theApplicationRuleCatchesAServiceThatUsesASocketLibrary() {
    JavaClasses infrastructure =
        new ClassFileImporter().importClasses(ServiceUsingZeroMq.class, ZContext.class);

    assertThat(
            ArchitectureTest.applicationUsesNoInfrastructureLibrary
                .evaluate(infrastructure)
                .hasViolation())
        .isTrue();
    assertThat(
            ArchitectureTest.applicationUsesNoInfrastructureLibrary
                .evaluate(new ClassFileImporter().importClasses(PlaceOrderService.class))
                .hasViolation())
        .as("the real order service")
        .isFalse();
  }

  @Test
  void theAppLayerRuleCatchesAnInnerPackageUsingACompositionRoot() {
    JavaClasses inverted =
        new ClassFileImporter().importClasses(ConfigUsingWiring.class, MainProcess.class);

    assertThat(
            ArchitectureTest.onlyTheCliDependsOnTheCompositionRoots
                .evaluate(inverted)
                .hasViolation())
        .isTrue();
  }
}
