package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's menu shows only what is possible now, and start all's prerequisite table. */
class ConsoleMenuTest {

  @Test
  void loggedOutOffersLoginAndExitOnly() {
    assertThat(MenuEntry.available(new ConsoleState(false, false, false)))
        .containsExactly(MenuEntry.LOGIN, MenuEntry.EXIT);
  }

  @Test
  void loggedInWithoutAnAccountOffersNoOrderEntries() {
    List<MenuEntry> entries = MenuEntry.available(new ConsoleState(true, false, false));

    assertThat(entries)
        .contains(
            MenuEntry.LOGOUT,
            MenuEntry.REGISTER_ITEM,
            MenuEntry.CREATE_CONDITION,
            MenuEntry.SELECT_ORDER_ACCOUNT,
            MenuEntry.SHOW_FUTURES,
            MenuEntry.START_ALL)
        .doesNotContain(
            MenuEntry.LOGIN,
            MenuEntry.SEND_MARKET_ORDER,
            MenuEntry.POSITIONS,
            MenuEntry.FLATTEN,
            MenuEntry.STOP_TRADING);
    assertThat(MenuEntry.SEND_MARKET_ORDER.unavailableBecause(new ConsoleState(true, false, false)))
        .contains("select an order account (5) first");
  }

  @Test
  void tradingHidesStartAllAndLogoutAndOffersStop() {
    ConsoleState trading = new ConsoleState(true, true, true);

    assertThat(MenuEntry.available(trading))
        .contains(MenuEntry.STOP_TRADING, MenuEntry.SEND_MARKET_ORDER, MenuEntry.STATUS)
        .doesNotContain(MenuEntry.START_ALL, MenuEntry.LOGOUT, MenuEntry.SELECT_ORDER_ACCOUNT);
    assertThat(MenuEntry.START_ALL.unavailableBecause(trading))
        .contains("trading runs already; stop trading (17) first");
    assertThat(MenuEntry.available(trading)).last().isEqualTo(MenuEntry.EXIT);
  }

  @Test
  void servingAfterALogoutStillOffersTheServedViews() {
    assertThat(MenuEntry.available(new ConsoleState(false, true, false)))
        .contains(MenuEntry.LOGIN, MenuEntry.POSITIONS, MenuEntry.FLATTEN)
        .doesNotContain(MenuEntry.REGISTER_ITEM);
  }

  @Test
  void numbersKeepThePythonSystemsAndDoNotClash() {
    assertThat(MenuEntry.parse(" 10 ")).contains(MenuEntry.START_ALL);
    assertThat(MenuEntry.parse("0")).contains(MenuEntry.EXIT);
    assertThat(MenuEntry.parse("9")).isEmpty();
    assertThat(MenuEntry.parse("login")).isEmpty();
    assertThat(
            java.util.Arrays.stream(MenuEntry.values()).map(MenuEntry::number).distinct().count())
        .isEqualTo(MenuEntry.values().length);
    assertThat(MenuEntry.LOGIN.number()).isEqualTo(1);
    assertThat(MenuEntry.SEND_MARKET_ORDER.number()).isEqualTo(6);
    assertThat(MenuEntry.POSITIONS.number()).isEqualTo(8);
  }

  @Test
  void startAllNamesEveryMissingPrerequisite() {
    StartPrerequisites none =
        StartPrerequisites.check(
            Optional.of("demo"), List.of(), Optional.empty(), true, List.of(), 0, 0);

    assertThat(none.missing())
        .containsExactly("item registered", "order account selected", "an active condition");
    assertThat(none.lines()).hasSize(5).first().asString().contains("[x] logged in", "demo");
    assertThat(none.lines().get(3)).contains("[ ]", "4 create condition");
  }

  @Test
  void aConditionOnAnUnregisteredItemDoesNotCount() {
    StartPrerequisites prerequisites =
        StartPrerequisites.check(
            Optional.of("demo"), List.of("TXF"), Optional.of("SIM-0001"), true, List.of(), 0, 2);

    assertThat(prerequisites.missing()).containsExactly("an active condition");
    assertThat(prerequisites.lines().get(3)).contains("2 only on items not registered");
  }

  @Test
  void everythingMetStarts() {
    assertThat(
            StartPrerequisites.check(
                    Optional.of("demo"),
                    List.of("TXF", "MXF"),
                    Optional.of("SIM-0001"),
                    true,
                    List.of("TXF"),
                    1,
                    0)
                .missing())
        .isEmpty();
  }

  @Test
  void withoutAConditionsStrategyNoConditionIsNeeded() {
    StartPrerequisites prerequisites =
        StartPrerequisites.check(
            Optional.of("demo"),
            List.of("TXF"),
            Optional.of("SIM-0001"),
            false,
            List.of("TXF"),
            0,
            0);

    assertThat(prerequisites.missing()).isEmpty();
    assertThat(prerequisites.lines().get(3)).contains("[x]", "not needed");
  }

  @Test
  void anInstanceInstrumentNotRegisteredIsMissingAndNamed() {
    StartPrerequisites prerequisites =
        StartPrerequisites.check(
            Optional.of("demo"),
            List.of("TXF"),
            Optional.of("SIM-0001"),
            false,
            List.of("TXF", "MXF", "MXF"),
            0,
            0);

    assertThat(prerequisites.missing()).containsExactly("strategy instruments registered");
    assertThat(prerequisites.lines().get(4))
        .contains("[ ]", "MXF not registered", "3 register item")
        .doesNotContain("TXF");
  }

  @Test
  void aRefusedConditionNamesThePromptThatAskedForTheField() {
    assertThat(ConsoleTrading.prompt(org.aftm.domain.condition.ConditionField.ITEM_CODE))
        .isEqualTo("Instrument");
    assertThat(ConsoleTrading.prompt(org.aftm.domain.condition.ConditionField.FOLLOWING))
        .isEqualTo("Follow");
  }
}
