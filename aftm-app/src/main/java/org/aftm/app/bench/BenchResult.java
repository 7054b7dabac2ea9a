package org.aftm.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one bench run measured.
 *
 * @param kind {@code latency}, {@code throughput} or {@code cold}
 * @param figures the result as one JSON object, in print order (microseconds as exact decimals)
 * @param table the result for a reader: Markdown tables and lines
 * @param histograms latency histograms in nanoseconds by file name (without {@code .hgrm})
 */
public record BenchResult(
    String kind, Map<String, Object> figures, String table, Map<String, Histogram> histograms) {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  /** The figures as one line of JSON. */
  public String json() {
    try {
      return JSON.writeValueAsString(figures);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bench figures not serialisable: " + e.getMessage(), e);
    }
  }

  /** The figures as indented JSON, for the report. */
  String prettyJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bench figures not serialisable: " + e.getMessage(), e);
    }
  }
}
