package org.aftm.app.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.aftm.app.process.ChildReport;
import org.junit.jupiter.api.Test;

class BucketCountsTest {

  @Test
  void aValueOnABoundBelongsToThatBucketAndAboveTheLastToInfinity() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(10_000); // exactly 10 µs
    histogram.record(10_001);
    histogram.record(10_000_000_000L); // exactly 10 s
    histogram.record(10_000_000_001L);
    histogram.record(-5); // clock trouble: ignored

    BucketCounts counts = histogram.snapshot();
    assertThat(counts.cumulativeAt(0)).isEqualTo(1);
    assertThat(counts.cumulativeAt(1)).isEqualTo(2);
    assertThat(counts.cumulativeAt(LatencyBuckets.COUNT - 2)).isEqualTo(3);
    assertThat(counts.count()).isEqualTo(4);
    assertThat(counts.sumNanos()).isEqualTo(20_000_020_002L);
    assertThat(LatencyBuckets.upperBoundSeconds(0)).isEqualTo(0.00001);
    assertThat(LatencyBuckets.upperBoundSeconds(LatencyBuckets.COUNT - 2)).isEqualTo(10.0);
    assertThat(LatencyBuckets.upperBoundSeconds(LatencyBuckets.COUNT - 1)).isInfinite();
  }

  @Test
  void quantilesInterpolateWithinTheBucketAsPrometheusDoes() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 100; i++) {
      histogram.record(1_500_000); // all in (1 ms, 2 ms]
    }
    BucketCounts counts = histogram.snapshot();

    assertThat(counts.quantileSeconds(0.95)).isCloseTo(0.00195, within(1e-12));
    assertThat(counts.quantileSeconds(0.5)).isCloseTo(0.0015, within(1e-12));
    assertThat(BucketCounts.EMPTY.quantileSeconds(0.95)).isNaN();
    LatencyHistogram slow = new LatencyHistogram();
    slow.record(60_000_000_000L);
    assertThat(slow.snapshot().quantileSeconds(0.95)).as("in +Inf: the last bound").isEqualTo(10.0);
  }

  @Test
  void countsAddUpAndSubtract() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(30_000);
    BucketCounts before = histogram.snapshot();
    histogram.record(3_000_000);
    BucketCounts after = histogram.snapshot();

    BucketCounts since = after.since(before);
    assertThat(since.count()).isEqualTo(1);
    assertThat(since.sumNanos()).isEqualTo(3_000_000);
    assertThat(since.cumulativeAt(7)).isZero();
    assertThat(since.cumulativeAt(8)).isEqualTo(1);
    assertThat(before.plus(since)).isEqualTo(after);
  }

  @Test
  void badCountsAreRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> new BucketCounts(new long[3], 0))
        .hasMessageContaining("needs " + LatencyBuckets.COUNT);
    long[] down = new long[LatencyBuckets.COUNT];
    down[0] = 2;
    assertThatThrownBy(() -> new BucketCounts(down, 0)).hasMessageContaining("cumulative");
  }

  @Test
  void theHistogramsCrossTheTelemetryLinkAsJson() throws Exception {
    HopHistograms hops = new HopHistograms();
    hops.record(org.aftm.application.port.out.HopLatencyPort.Hop.TICK_TO_ORDER, 2_500_000);
    ChildReport report =
        new ChildReport("order-executor", 42, Map.of("signals", 3L), Map.of(), hops.snapshot());
    ObjectMapper json = new ObjectMapper();

    ChildReport back = json.readValue(json.writeValueAsBytes(report), ChildReport.class);

    assertThat(back.histogram("tick_to_order")).isEqualTo(hops.snapshot().get("tick_to_order"));
    assertThat(back.histogram("signal_to_executor").count()).isZero();
    // A report of an older child without histograms still reads.
    ChildReport old =
        json.readValue(
            "{\"role\":\"strategy\",\"pid\":1,\"counters\":{\"ticks\":2},\"facts\":{}}",
            ChildReport.class);
    assertThat(old.histograms()).isEmpty();
  }
}
