package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** AFTM_ITEM_CODE: one instrument, as before, or several separated by commas. */
class ItemCodesConfigTest {

  private static AftmConfig withItems(String value) {
    return AftmConfig.defaults().with(Map.of(ConfigKey.AFTM_ITEM_CODE, value));
  }

  @Test
  void oneInstrumentStaysOne() {
    assertThat(AftmConfig.defaults().itemCodes()).containsExactly("TXF");
    assertThat(withItems("MXF").itemCodes()).containsExactly("MXF");
  }

  @Test
  void severalAreListedInOrderWithoutBlanksOrRepeats() {
    assertThat(withItems("TXF, MXF,,TXF ,TXFL6").itemCodes())
        .containsExactly("TXF", "MXF", "TXFL6");
  }

  @Test
  void onlyCommasNameNoInstrument() {
    assertThat(withItems(",").itemCodes()).isEmpty();
  }
}
