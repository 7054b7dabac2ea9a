package org.aftm.domain.condition;

import static org.aftm.domain.condition.Specs.pts;
import static org.aftm.domain.condition.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;

class ConditionBookTest {

  private final ConditionBook book = new ConditionBook();

  @Test
  void indexesByInstrumentAndId() {
    book.put(Condition.create(1, spec("TXF", Side.BUY, 100, 1, 1, 1, 1, false)));
    book.put(Condition.create(2, spec("MXF", Side.BUY, 100, 1, 1, 1, 1, false)));
    book.put(Condition.create(3, spec("TXF", Side.SELL, 100, 1, 1, 1, 1, false)));

    assertThat(book.size()).isEqualTo(3);
    assertThat(book.forItem("TXF")).extracting(Condition::id).containsExactly(1L, 3L);
    assertThat(book.forItem("MXF")).extracting(Condition::id).containsExactly(2L);
    assertThat(book.forItem("NONE")).isEmpty();
    assertThat(book.get(2).itemCode()).isEqualTo("MXF");
  }

  @Test
  void putReplacesTheConditionWithTheSameIdEvenAcrossInstruments() {
    book.put(Condition.create(1, spec("TXF", Side.BUY, 100, 1, 1, 1, 1, false)));
    book.put(Condition.create(1, spec("MXF", Side.BUY, 200, 1, 1, 1, 1, false)));

    assertThat(book.size()).isEqualTo(1);
    assertThat(book.forItem("TXF")).isEmpty();
    assertThat(book.get(1).triggerUnits()).isEqualTo(pts(200));
  }

  @Test
  void finishedConditionsAreNotKept() {
    Condition finished = Condition.create(1, spec("TXF", Side.BUY, 100, 0, 1, 1, 1, false));
    finished.onPrice(pts(100));
    finished.onPrice(pts(100));
    OrderUpdates.fillCurrent(finished, pts(100));
    finished.onPrice(pts(101));
    OrderUpdates.fillCurrent(finished, pts(101));
    assertThat(finished.isFinished()).isTrue();

    book.put(Condition.create(1, spec("TXF", Side.BUY, 100, 0, 1, 1, 1, false)));
    book.put(finished);

    assertThat(book.contains(1)).isFalse();
    assertThat(book.forItem("TXF")).isEmpty();
  }

  @Test
  void removeReturnsTheConditionOnceAndDropsEmptyInstruments() {
    book.put(Condition.create(1, spec("TXF", Side.BUY, 100, 1, 1, 1, 1, false)));

    assertThat(book.remove(1)).isNotNull();
    assertThat(book.remove(1)).isNull();
    assertThat(book.forItem("TXF")).isEmpty();
    assertThat(book.all()).isEmpty();
  }
}
