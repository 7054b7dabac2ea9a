package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;

class SimContractsTest {

  @Test
  void theFrontMonthRollsAfterTheThirdWednesday() {
    // November 2026: the third Wednesday is the 18th, the expiry day itself still trades November.
    assertThat(SimContracts.frontMonth(LocalDate.of(2026, 11, 18)))
        .isEqualTo(YearMonth.of(2026, 11));
    assertThat(SimContracts.frontMonth(LocalDate.of(2026, 11, 19)))
        .isEqualTo(YearMonth.of(2026, 12));
    assertThat(SimContracts.frontMonth(LocalDate.of(2026, 12, 17)))
        .isEqualTo(YearMonth.of(2027, 1));
  }

  @Test
  void itemCodesFollowTaifexMonthLetters() {
    assertThat(SimContracts.itemCode("TXF", YearMonth.of(2026, 12))).isEqualTo("TXFL6");
    assertThat(SimContracts.itemCode("MXF", YearMonth.of(2027, 1))).isEqualTo("MXFA7");
    assertThat(SimContracts.itemCode("TXF", YearMonth.of(2030, 6))).isEqualTo("TXFF0");
  }

  @Test
  void limitsAreTenPercentOfTheReferenceRoundedInwardToTheTickGrid() {
    List<Contract> listing =
        SimContracts.listing(
            LocalDate.of(2026, 12, 31),
            Map.of("TXF", Price.parse("21999.5"), "MXF", Price.ofPoints(17_005)));

    Contract txf = listing.get(0);
    assertThat(txf.code()).isEqualTo("TXFA7");
    assertThat(txf.limitUp()).isEqualTo(Price.ofPoints(24_199)); // 24199.45 rounded down
    assertThat(txf.limitDown()).isEqualTo(Price.ofPoints(19_800)); // 19799.55 rounded up
    Contract mxf = listing.get(2);
    assertThat(mxf.limitUp()).isEqualTo(Price.ofPoints(18_705));
    assertThat(mxf.limitDown()).isEqualTo(Price.ofPoints(15_305));
  }
}
