package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code aftm backtest} end to end, through the same entry point as the operator's shell. */
class BacktestCommandTest {

  private static final Path SAMPLE_TICKS = Path.of("../samples/ticks.csv");
  private static final Path SAMPLE_TAIFEX = Path.of("../samples/taifex-daily-20261120.csv");
  private static final Path SAMPLE_CONDITIONS = Path.of("../samples/conditions.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  /**
   * The samples (6 fills: TXF buy 1 @ 21985, sell 1 @ 22100; MXF buy 3 @ 21962, sell 3 @ 22005; TXF
   * sell 2 @ 22055, buy 2 @ 21960) with the default costs (no fee, tax 0.00002, 1 tick of
   * slippage). Gross: 115 × 200 + 43 × 3 × 50 + 95 × 2 × 200 = 67,450 TWD, as {@code aftm replay}.
   * Tax per fill at the slipped price, rounded half up: TXF 21986 × 200 × 0.00002 = 87.94 → 88,
   * 22099 → 88.40 → 88, 22054 × 400 → 176.43 → 176, 21961 × 400 → 175.69 → 176: 528; MXF 21963 ×
   * 150 → 65.89 → 66, 22004 × 150 → 66.01 → 66: 132. Slippage: TXF (1 + 1 + 2 + 2) × 200 = 1,200;
   * MXF (3 + 3) × 50 = 300. Net 67,450 − 660 − 1,500 = 65,290.
   */
  @Test
  void theSamplesGiveFiguresPerInstrumentAndInTotalAndAReportFolder() throws Exception {
    Path out = dir.resolve("report");
    Run run = backtest("--ticks", SAMPLE_TICKS.toString(), "--out", out.toString(), "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    JsonNode result = JSON.readTree(run.out);
    assertThat(result.path("event").asText()).isEqualTo("backtest");
    assertThat(result.path("report").asText()).isEqualTo(out.toString());
    JsonNode total = result.path("total");
    assertThat(total.path("gross_pnl_twd").decimalValue()).isEqualByComparingTo("67450");
    assertThat(total.path("tax_twd").decimalValue()).isEqualByComparingTo("660");
    assertThat(total.path("slippage_twd").decimalValue()).isEqualByComparingTo("1500");
    assertThat(total.path("net_pnl_twd").decimalValue()).isEqualByComparingTo("65290");
    assertThat(total.path("trades").asInt()).isEqualTo(3);
    assertThat(total.path("win_rate").decimalValue()).isEqualByComparingTo("1");
    assertThat(total.path("profit_factor").isNull()).as("no losing trade").isTrue();
    assertThat(total.has("net_pnl_points")).as("points are never added across contracts").isFalse();
    JsonNode txf = result.path("instruments").get(0);
    assertThat(txf.path("scope").asText()).isEqualTo("TXF");
    assertThat(txf.path("tax_twd").decimalValue()).isEqualByComparingTo("528");
    assertThat(txf.path("gross_pnl_points").decimalValue()).isEqualByComparingTo("305");
    // 305 points − (528 + 1,200) / 200 = 296.36.
    assertThat(txf.path("net_pnl_points").decimalValue()).isEqualByComparingTo("296.36");
    JsonNode mxf = result.path("instruments").get(1);
    assertThat(mxf.path("net_pnl_twd").decimalValue()).isEqualByComparingTo("6018");

    assertThat(Files.readAllLines(out.resolve("trades.csv")))
        .hasSize(4)
        .first()
        .asString()
        .startsWith("item_code,side,lots,entry_time,entry_price,exit_time,exit_price");
    assertReportIsWellFormedWithItsCharts(
        out, List.of("equity.png", "price-TXF.png", "price-MXF.png"));
  }

  private static void assertReportIsWellFormedWithItsCharts(Path out, List<String> charts)
      throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    // Parsing as XML is the strict check: an unclosed or misnested tag, a stray & fails here.
    Document page = factory.newDocumentBuilder().parse(out.resolve("index.html").toFile());
    NodeList images = page.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "img");
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < images.getLength(); i++) {
      Element image = (Element) images.item(i);
      sources.add(image.getAttribute("src"));
      assertThat(image.getAttribute("alt")).as("every chart is named").isNotBlank();
    }
    assertThat(sources).containsExactlyInAnyOrderElementsOf(charts);
    for (String chart : charts) {
      byte[] bytes = Files.readAllBytes(out.resolve(chart));
      assertThat(Arrays.copyOf(bytes, 8)).as(chart).isEqualTo(PNG_SIGNATURE);
      BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
      assertThat(image).as(chart + " decodes").isNotNull();
      assertThat(image.getWidth()).isPositive();
    }
    String html = Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8);
    assertThat(html.replace("http://www.w3.org/1999/xhtml", ""))
        .as("nothing is loaded from the internet")
        .doesNotContain("http://", "https://", "//cdn");
    assertThat(html).contains("max drawdown (TWD)", "win rate", "profit factor", "trades.csv");
  }

  @Test
  void theTaifexSampleInBig5GivesTheSameFiguresAsTheSameTradesInTheProjectsCsv()
      throws IOException {
    Run csv =
        backtest(
            "--ticks", SAMPLE_TICKS.toString(), "--out", dir.resolve("a").toString(), "--json");
    Run taifex =
        backtest(
            "--ticks", SAMPLE_TAIFEX.toString(), "--out", dir.resolve("b").toString(), "--json");

    assertThat(taifex.exitCode).as(taifex.err).isZero();
    JsonNode a = JSON.readTree(csv.out);
    JsonNode b = JSON.readTree(taifex.out);
    assertThat(b.path("ticks")).isEqualTo(a.path("ticks"));
    assertThat(b.path("instruments")).isEqualTo(a.path("instruments"));
    assertThat(b.path("total")).isEqualTo(a.path("total"));
  }

  @Test
  void costsComeFromTheConfiguration() throws IOException {
    // 12 lots filled (1 + 1 + 3 + 3 + 2 + 2) × 50 TWD, no tax, no slippage: 67,450 − 600.
    Run run =
        backtest(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--out",
            dir.resolve("costs").toString(),
            "-c",
            "AFTM_FEE_PER_LOT_TWD=50",
            "-c",
            "AFTM_FUTURES_TAX_RATE=0",
            "-c",
            "AFTM_SLIPPAGE_TICKS=0",
            "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    JsonNode total = JSON.readTree(run.out).path("total");
    assertThat(total.path("fees_twd").decimalValue()).isEqualByComparingTo("600");
    assertThat(total.path("net_pnl_twd").decimalValue()).isEqualByComparingTo("66850");
  }

  @Test
  void withoutOutTheReportGoesUnderTheDataDirectoryAndTheTextEndsWithItsPath() throws IOException {
    Path data = dir.resolve("data");
    Run run = backtest("--ticks", SAMPLE_TICKS.toString(), "-c", "AFTM_DATA_DIR=" + data);

    assertThat(run.exitCode).as(run.err).isZero();
    String last = run.out.lines().reduce((first, second) -> second).orElseThrow();
    Path folder = Path.of(last);
    assertThat(folder.getParent()).isEqualTo(data.resolve("backtests").toAbsolutePath());
    assertThat(folder.getFileName().toString()).endsWith("-support-resistance");
    assertThat(folder.resolve("index.html")).isRegularFile();
    assertThat(run.out).contains("net P&L", "max drawdown", "win rate", "profit factor");
  }

  @Test
  void aSweepSortsItsPointsAndWritesTheTableToo() throws IOException {
    Path out = dir.resolve("sweep");
    Run run =
        backtest(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--out",
            out.toString(),
            "--sweep",
            "max_entry_attempts=1..3:1",
            "--sort",
            "win_rate",
            "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    JsonNode sweep = JSON.readTree(run.out);
    assertThat(sweep.path("event").asText()).isEqualTo("sweep");
    assertThat(sweep.path("sort").asText()).isEqualTo("win_rate");
    JsonNode results = sweep.path("results");
    assertThat(results).hasSize(3);
    // All three points trade alike here: equal figures keep the grid's order.
    for (int i = 0; i < 3; i++) {
      assertThat(results.get(i).path("rank").asInt()).isEqualTo(i + 1);
      assertThat(results.get(i).path("parameters").path("max_entry_attempts").asText())
          .isEqualTo(Integer.toString(i + 1));
      assertThat(results.get(i).path("total").path("net_pnl_twd").decimalValue())
          .isEqualByComparingTo("65290");
    }
    assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(4);
    assertThat(out.resolve("index.html")).isRegularFile();
  }

  @Test
  void aBadParameterIsRefusedNamingIt() {
    Run outOfRange =
        backtest("--ticks", SAMPLE_TICKS.toString(), "--param", "max_entry_attempts=0");
    Run unknown = backtest("--ticks", SAMPLE_TICKS.toString(), "--param", "entry_band=5");
    Run badSweepValue =
        backtest("--ticks", SAMPLE_TICKS.toString(), "--sweep", "max_entry_attempts=1,x");
    Run badSweepName = backtest("--ticks", SAMPLE_TICKS.toString(), "--sweep", "period=5..10:5");

    for (Run run : List.of(outOfRange, unknown, badSweepValue, badSweepName)) {
      assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
      assertThat(run.err.lines()).as(run.err).hasSize(1);
    }
    assertThat(outOfRange.err).contains("max_entry_attempts: must be between 1 and 100 but was 0");
    assertThat(unknown.err).contains("entry_band: unknown parameter");
    assertThat(badSweepValue.err)
        .contains("max_entry_attempts: must be a whole number but was 'x'");
    assertThat(badSweepName.err).contains("period: unknown parameter");
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() throws IOException {
    Path backwards =
        write(
            "backwards.csv",
            "time,item_code,price,quantity\n"
                + "2026-11-20T09:00:01+08:00,TXF,22000,1\n"
                + "2026-11-20T09:00:00+08:00,TXF,22001,1\n");
    Run timeGoesBack = backtest("--ticks", backwards.toString());
    Run noSuchStrategy = backtest("--ticks", SAMPLE_TICKS.toString(), "--strategy", "nope");
    Run badSort =
        backtest(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--sweep",
            "max_entry_attempts=1,2",
            "--sort",
            "sharpe");
    Run itemOnCsv = backtest("--ticks", SAMPLE_TICKS.toString(), "--item", "TX");
    Run missing = backtest("--ticks", dir.resolve("absent.csv").toString());
    Run outIsAFile = backtest("--ticks", SAMPLE_TICKS.toString(), "--out", backwards.toString());

    assertThat(timeGoesBack.err)
        .contains("backwards.csv line 3, field time: goes back in time")
        .contains("before the time on line 2");
    assertThat(noSuchStrategy.err).contains("no strategy named 'nope'");
    assertThat(badSort.err).contains("--sort: 'sharpe'");
    assertThat(itemOnCsv.err).contains("--item applies to TAIFEX files only");
    assertThat(missing.err).contains("absent.csv: no such file");
    assertThat(outIsAFile.err).contains("is a file, not a folder");
    for (Run run : List.of(timeGoesBack, noSuchStrategy, badSort, itemOnCsv, missing, outIsAFile)) {
      assertThat(run.exitCode).as(run.err).isEqualTo(AftmCli.EXIT_BAD_INPUT);
      assertThat(run.err.lines()).as(run.err).hasSize(1);
    }
  }

  /**
   * One tick a minute of each of TXF and MXF from 22,000: 10 flat minutes, 10 rising by 10, 12
   * falling by 15, 10 rising by 20; the averages cross up, down and up again.
   */
  private Path crossingTicks(String... itemCodes) throws IOException {
    StringBuilder csv = new StringBuilder("time,item_code,price,quantity\n");
    long t = 1_795_136_400_000L;
    long price = 22000;
    for (int i = 0; i < 42; i++) {
      price += i < 10 ? 0 : i < 20 ? 10 : i < 32 ? -15 : 20;
      for (String itemCode : itemCodes) {
        csv.append(t).append(',').append(itemCode).append(',').append(price).append(",1\n");
      }
      t += 60_000;
    }
    return write("crossing.csv", csv.toString());
  }

  @Test
  void theMovingAverageCrossoverGetsItsBarsAndTradesOnlyItsInstruments() throws IOException {
    Path ticks = crossingTicks("TXF", "MXF");
    String[] ma = {
      "--strategy",
      "ma-crossover",
      "--param",
      "bar_period=1m",
      "--param",
      "fast=2",
      "--param",
      "slow=3",
      "--json"
    };
    Run both = backtest(concat(ma, "--ticks", ticks.toString(), "--out", dir + "/both"));
    Run txfOnly =
        backtest(
            concat(ma, "--ticks", ticks.toString(), "--out", dir + "/txf", "--instrument", "TXF"));

    assertThat(both.exitCode).as(both.err).isZero();
    JsonNode all = JSON.readTree(both.out);
    assertThat(all.path("signals").asLong()).as("bars reached the strategy").isPositive();
    assertThat(all.path("fills").asInt()).isEqualTo(all.path("signals").asInt());
    assertThat(all.path("total").path("trades").asInt()).isPositive();
    assertThat(scopes(all)).containsExactly("TXF", "MXF");

    assertThat(txfOnly.exitCode).as(txfOnly.err).isZero();
    JsonNode txf = JSON.readTree(txfOnly.out);
    assertThat(txf.path("fills").asInt()).isEqualTo(all.path("fills").asInt() / 2);
    assertThat(txf.path("instruments").get(0)).isEqualTo(all.path("instruments").get(0));
    assertThat(txf.path("instruments").get(1).path("scope").asText()).isEqualTo("MXF");
    assertThat(txf.path("instruments").get(1).path("trades").asInt())
        .as("--instrument TXF: MXF is never traded")
        .isZero();
  }

  @Test
  void aSweepOverTheMovingAverageCrossoverGivesTheSameBestResultTwice() throws IOException {
    Path ticks = crossingTicks("TXF");
    List<JsonNode> sweeps = new ArrayList<>();
    for (String out : List.of("first", "second")) {
      Run run =
          backtest(
              "--ticks",
              ticks.toString(),
              "--strategy",
              "ma-crossover",
              "--param",
              "bar_period=1m",
              "--sweep",
              "fast=2,3",
              "--sweep",
              "slow=5,8",
              "--out",
              dir.resolve(out).toString(),
              "--json");
      assertThat(run.exitCode).as(run.err).isZero();
      sweeps.add(JSON.readTree(run.out).path("results"));
    }

    assertThat(sweeps.get(0)).hasSize(4);
    assertThat(sweeps.get(0).get(0).path("total").path("trades").asInt()).isPositive();
    assertThat(sweeps.get(1)).isEqualTo(sweeps.get(0));
    List<String> points = new ArrayList<>();
    sweeps.get(0).forEach(r -> points.add(r.path("parameters").toString()));
    assertThat(points).doesNotHaveDuplicates();
  }

  @Test
  void parametersThatOnlyFailTogetherAreRefusedNamingThem() {
    Run fixed =
        backtest(
            "--ticks", SAMPLE_TICKS.toString(), "--strategy", "ma-crossover", "--param", "fast=30");
    Run swept =
        backtest(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--strategy",
            "ma-crossover",
            "--sweep",
            "fast=2,5",
            "--sweep",
            "slow=3,5");

    for (Run run : List.of(fixed, swept)) {
      assertThat(run.exitCode).as(run.err).isEqualTo(AftmCli.EXIT_BAD_INPUT);
      assertThat(run.err.lines()).as(run.err).hasSize(1);
      assertThat(run.out).isEmpty();
    }
    assertThat(fixed.err).contains("--param slow: must be more than fast (30) but was 20");
    assertThat(swept.err)
        .contains("--param/--sweep slow: must be more than fast (5) but was 3")
        .contains("at the point");
  }

  @Test
  void theEntryAttemptsComeFromTheConfigurationUnlessGivenAsAParameter() throws IOException {
    Run configured =
        backtest(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--out",
            dir.resolve("configured").toString(),
            "-c",
            "AFTM_MAX_ENTRY_ATTEMPTS=7",
            "--json");
    Run given =
        backtest(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--out",
            dir.resolve("given").toString(),
            "-c",
            "AFTM_MAX_ENTRY_ATTEMPTS=7",
            "--param",
            "max_entry_attempts=2",
            "--json");

    assertThat(configured.exitCode).as(configured.err).isZero();
    assertThat(JSON.readTree(configured.out).path("parameters").path("max_entry_attempts").asText())
        .isEqualTo("7");
    assertThat(given.exitCode).as(given.err).isZero();
    assertThat(JSON.readTree(given.out).path("parameters").path("max_entry_attempts").asText())
        .isEqualTo("2");
  }

  /**
   * Real data far from the simulated broker's default reference (22,000, limits 19,800 to 24,200):
   * the sample day and conditions 5,000 points lower. The reference comes from the data's first
   * price unless the operator sets AFTM_SIM_START_PRICE.
   */
  @Test
  void dataFarFromTheDefaultReferencePriceIsBacktestedWithConditionsNearItsPrices()
      throws IOException {
    Path taifex = dir.resolve("taifex-17000.csv");
    Charset big5 = Charset.forName("Big5");
    List<String> lines = Files.readAllLines(SAMPLE_TAIFEX, big5);
    List<String> lower = new ArrayList<>(List.of(lines.get(0)));
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      boolean outright = fields[1].strip().matches("TX|MTX") && !fields[2].contains("/");
      if (outright) {
        fields[4] = Long.toString(Long.parseLong(fields[4].strip()) - 5000);
      }
      lower.add(String.join(",", fields));
    }
    Files.write(taifex, lower, big5);
    Path conditions =
        write(
            "conditions-17000.json",
            Files.readString(SAMPLE_CONDITIONS)
                .replace("22000", "17000")
                .replace("22080", "17080")
                .replace("21950", "16950"));

    Run derived =
        backtest(
            "--ticks",
            taifex.toString(),
            "--conditions",
            conditions.toString(),
            "--out",
            dir.resolve("derived").toString(),
            "--json");
    Run pinned =
        backtest(
            "--ticks",
            taifex.toString(),
            "--conditions",
            conditions.toString(),
            "-c",
            "AFTM_SIM_START_PRICE=22000");

    assertThat(derived.exitCode).as(derived.err).isZero();
    JsonNode total = JSON.readTree(derived.out).path("total");
    // The sample's trades, 5,000 points lower: the same gross P&L.
    assertThat(total.path("gross_pnl_twd").decimalValue()).isEqualByComparingTo("67450");
    assertThat(pinned.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(pinned.err).contains("trigger_price", "19800");
  }

  @Test
  void itemCodesAndInstrumentsMustBeListedAndInTheData() throws IOException {
    Path unlisted =
        write(
            "unlisted.csv",
            "time,item_code,price,quantity\n"
                + "2026-11-20T09:00:00+08:00,TXF,22000,1\n"
                + "2026-11-20T09:00:01+08:00,XYZ,100,1\n");
    Run unknownCode = backtest("--ticks", unlisted.toString());
    Run absentInstrument = backtest("--ticks", SAMPLE_TICKS.toString(), "--instrument", "TXFF");

    assertThat(unknownCode.err)
        .contains("unlisted.csv: item code XYZ is not a listed contract")
        .contains("listed: TXF, ");
    assertThat(absentInstrument.err)
        .contains("--instrument TXFF: not in", "(item codes: TXF, MXF)");
    for (Run run : List.of(unknownCode, absentInstrument)) {
      assertThat(run.exitCode).as(run.err).isEqualTo(AftmCli.EXIT_BAD_INPUT);
      assertThat(run.err.lines()).as(run.err).hasSize(1);
    }
  }

  private static List<String> scopes(JsonNode result) {
    List<String> scopes = new ArrayList<>();
    result.path("instruments").forEach(i -> scopes.add(i.path("scope").asText()));
    return scopes;
  }

  private static String[] concat(String[] first, String... rest) {
    List<String> all = new ArrayList<>(Arrays.asList(first));
    all.addAll(Arrays.asList(rest));
    return all.toArray(String[]::new);
  }

  /**
   * Runs {@code aftm backtest} with a data directory of its own and, for the default strategy, the
   * sample conditions.
   */
  private Run backtest(String... arguments) {
    List<String> args = new ArrayList<>(List.of("backtest"));
    args.addAll(Arrays.asList(arguments));
    if (!args.contains("--conditions") && !args.contains("--strategy")) {
      args.addAll(List.of("--conditions", SAMPLE_CONDITIONS.toString()));
    }
    if (String.join(" ", args).indexOf("AFTM_DATA_DIR") < 0) {
      args.addAll(List.of("-c", "AFTM_DATA_DIR=" + dir.resolve("data-dir")));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args.toArray(String[]::new));
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private record Run(int exitCode, String out, String err) {}
}
