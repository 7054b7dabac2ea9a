package org.aftm.app.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Writes a bench run's folder: every histogram as HdrHistogram percentile output ({@code
 * NAME.hgrm}, values in microseconds), {@code result.json} (the figures) and {@code report.md} (the
 * command, the tables and the figures).
 */
public final class BenchReport {

  private BenchReport() {}

  /**
   * @param commandLine how the run was started, for the report's first lines
   */
  public static void write(Path folder, BenchResult result, String commandLine) throws IOException {
    Files.createDirectories(folder);
    for (Map.Entry<String, Histogram> entry : result.histograms().entrySet()) {
      try (PrintStream out =
          new PrintStream(
              Files.newOutputStream(folder.resolve(entry.getKey() + ".hgrm")),
              false,
              StandardCharsets.UTF_8)) {
        if (entry.getValue().getTotalCount() > 0) {
          entry.getValue().outputPercentileDistribution(out, 1_000.0);
        }
      }
    }
    Files.writeString(folder.resolve("result.json"), result.prettyJson() + "\n");
    StringBuilder report = new StringBuilder();
    report
        .append("# aftm bench ")
        .append(result.kind())
        .append("\n\n```\n")
        .append(commandLine)
        .append("\n```\n\n")
        .append(result.table())
        .append("\n\nHistograms (HdrHistogram percentile output, microseconds): ");
    result.histograms().keySet().forEach(name -> report.append('`').append(name).append(".hgrm` "));
    report.append("\n\n## Figures\n\n```json\n").append(result.prettyJson()).append("\n```\n");
    Files.writeString(folder.resolve("report.md"), report.toString());
  }
}
