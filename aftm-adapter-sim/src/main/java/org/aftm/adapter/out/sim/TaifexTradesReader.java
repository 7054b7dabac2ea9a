package org.aftm.adapter.out.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads TAIFEX's public daily time-and-sales file of futures ("每日期貨成交資料", CSV in Big5): a header
 * line {@code 成交日期,商品代號,到期月份(週別),成交時間,成交價格,成交數量(B+S),近月價格,遠月價格,開盤集合競價}, then one trade per line;
 * fields may be padded with spaces.
 *
 * <ul>
 *   <li>{@code 成交日期} yyyyMMdd and {@code 成交時間} HHmmss are read as the calendar date and time of the
 *       trade in Taipei (a night-session trade after midnight carries the next day's date);
 *   <li>{@code 商品代號} is the product: {@code TX} (TAIEX futures) is read as item code {@code TXF},
 *       {@code MTX} (Mini-TAIEX) as {@code MXF}, the product codes the simulated broker trades as
 *       their front month; other products are skipped;
 *   <li>{@code 到期月份(週別)} is the delivery month, yyyyMM; a spread's row names two months ({@code
 *       202612/202701}) and is skipped. Without a month chosen ({@link Selection}), a product is
 *       read for its nearest month in the file;
 *   <li>{@code 成交價格} becomes the price and {@code 成交數量(B+S)} the quantity as written; the other
 *       columns are not used.
 * </ul>
 *
 * <p>The file lists one product and month after another, so time may start again between them;
 * within one product and month a time earlier than the line before is an error naming the line. The
 * months read are merged in time order (equal times: in the order of the selections, then of the
 * file). Stateless and thread-safe.
 */
public final class TaifexTradesReader {

  /** The file's encoding. */
  public static final Charset BIG5 = Charset.forName("Big5");

  /** The header's columns used, in order; the file has more after them. */
  static final List<String> HEADER =
      List.of("成交日期", "商品代號", "到期月份(週別)", "成交時間", "成交價格", "成交數量(B+S)");

  /** TAIFEX product codes and the item codes a replay trades them as. */
  public static final Map<String, String> ITEM_CODES = Map.of("TX", "TXF", "MTX", "MXF");

  private static final Logger LOG = LoggerFactory.getLogger(TaifexTradesReader.class);

  private final List<Selection> selections;
  private final ZoneRules taipei;

  /**
   * @param selections the products (and months) to read; empty for TX and MTX, each in its nearest
   *     month
   * @throws IllegalArgumentException when a product is chosen twice
   */
  public TaifexTradesReader(List<Selection> selections) {
    List<Selection> chosen =
        selections.isEmpty()
            ? List.of(new Selection("TX", null), new Selection("MTX", null))
            : List.copyOf(selections);
    for (int i = 0; i < chosen.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (chosen.get(i).product().equals(chosen.get(j).product())) {
          throw new IllegalArgumentException(
              "--item: product "
                  + chosen.get(i).product()
                  + " is chosen twice; a backtest reads one month per product");
        }
      }
    }
    this.selections = chosen;
    this.taipei = ZoneId.of("Asia/Taipei").getRules();
  }

  /**
   * A product and, optionally, its delivery month.
   *
   * @param product TAIFEX's product code, {@code TX} or {@code MTX}
   * @param month yyyyMM, or {@code null} for the nearest month in the file
   */
  public record Selection(String product, String month) {

    /**
     * Parses {@code TX}, {@code MTX}, {@code TX:202612} (the item codes {@code TXF} and {@code MXF}
     * are taken for their products too).
     *
     * @throws IllegalArgumentException naming the text and what is accepted
     */
    public static Selection parse(String text) {
      String[] parts = text.strip().split(":", -1);
      String product = parts[0].strip().toUpperCase(Locale.ROOT);
      for (Map.Entry<String, String> e : ITEM_CODES.entrySet()) {
        if (e.getValue().equals(product)) {
          product = e.getKey();
        }
      }
      if (!ITEM_CODES.containsKey(product) || parts.length > 2) {
        throw new IllegalArgumentException(
            "--item: '"
                + text
                + "' is not a product this backtest maps (TX = TXF, MTX = MXF), optionally with a month as TX:202612");
      }
      String month = parts.length == 2 ? parts[1].strip() : null;
      if (month != null && !month.matches("\\d{6}(W\\d)?")) {
        throw new IllegalArgumentException(
            "--item: month '" + month + "' of " + product + " is not yyyyMM, e.g. TX:202612");
      }
      return new Selection(product, month);
    }
  }

  /** Whether the file starts with TAIFEX's header (in Big5), as opposed to the project's CSV. */
  public static boolean looksLikeTaifex(Path file) {
    try (BufferedReader in = reader(file)) {
      String first = in.readLine();
      return first != null && first.contains(HEADER.get(0)) && first.contains(HEADER.get(1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tick file " + file + ": " + e.getMessage(), e);
    }
  }

  private static BufferedReader reader(Path file) throws IOException {
    InputStream bytes = Files.newInputStream(file);
    return new BufferedReader(new InputStreamReader(bytes, BIG5), 1 << 16);
  }

  /**
   * Reads the chosen products and months, merged in time order.
   *
   * @throws TickFileException at the first bad line, or when a chosen product has no trades
   * @throws UncheckedIOException when the file cannot be read
   */
  public RecordedTicks read(Path file) {
    long started = System.nanoTime();
    // Per product, per month: the rows in file order. TreeMap: months sort as yyyyMM text.
    Map<String, TreeMap<String, Series>> byProduct = new LinkedHashMap<>();
    for (Selection selection : selections) {
      byProduct.put(selection.product(), new TreeMap<>());
    }
    long lineNumber = 0;
    try (BufferedReader in = reader(file)) {
      String line = in.readLine();
      lineNumber = 1;
      header(file, line);
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length < HEADER.size()) {
          throw new TickFileException(
              file,
              lineNumber,
              "line",
              "has " + fields.length + " columns; expected at least " + HEADER.size());
        }
        String product = fields[1].strip();
        TreeMap<String, Series> months = byProduct.get(product);
        String month = fields[2].strip();
        if (months == null || month.indexOf('/') >= 0) {
          continue; // another product, or a spread between two months
        }
        Series series = months.computeIfAbsent(month, m -> new Series(product, m));
        long time = time(file, lineNumber, fields[0].strip(), fields[3].strip());
        if (time < series.lastTime) {
          throw new TickFileException(
              file,
              lineNumber,
              "成交時間 (time)",
              "goes back in time: "
                  + fields[0].strip()
                  + " "
                  + fields[3].strip()
                  + " is before the time on line "
                  + series.lastLine
                  + " of "
                  + product
                  + " "
                  + month);
        }
        series.add(time, price(file, lineNumber, fields[4]), quantity(file, lineNumber, fields[5]));
        series.lastLine = lineNumber;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tick file " + file + ": " + e.getMessage(), e);
    }
    List<Series> chosen = new ArrayList<>();
    for (Selection selection : selections) {
      TreeMap<String, Series> months = byProduct.get(selection.product());
      Series series = pick(months, selection.month());
      if (series == null) {
        throw new TickFileException(
            file,
            lineNumber,
            "商品代號 (product)",
            "no trades of "
                + selection.product()
                + (selection.month() == null ? "" : " " + selection.month())
                + " in the file"
                + (months.isEmpty() ? "" : "; its months: " + String.join(", ", months.keySet())));
      }
      chosen.add(series);
    }
    RecordedTicks ticks = merge(chosen);
    LOG.info(
        "Read {} TAIFEX trades ({}) from {} in {} ms",
        ticks.size(),
        chosen,
        file,
        (System.nanoTime() - started) / 1_000_000);
    return ticks;
  }

  private static Series pick(TreeMap<String, Series> months, String month) {
    if (month != null) {
      return months.get(month);
    }
    for (Series series : months.values()) {
      if (series.month.matches("\\d{6}")) {
        return series; // the nearest monthly contract; weekly ones only when named
      }
    }
    return null;
  }

  private static void header(Path file, String line) {
    if (line == null) {
      throw new TickFileException(file, 1, "header", "the file is empty");
    }
    String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
    String[] columns = text.split(",", -1);
    for (int i = 0; i < HEADER.size(); i++) {
      if (i >= columns.length || !columns[i].strip().equals(HEADER.get(i))) {
        throw new TickFileException(
            file,
            1,
            "header",
            "expected TAIFEX's columns starting "
                + String.join(",", HEADER)
                + " (Big5) but was '"
                + text
                + "'");
      }
    }
  }

  private long time(Path file, long line, String date, String time) {
    if (date.length() != 8 || !digits(date)) {
      throw new TickFileException(file, line, "成交日期 (date)", "not yyyyMMdd: '" + date + "'");
    }
    if (time.isEmpty() || time.length() > 6 || !digits(time)) {
      throw new TickFileException(file, line, "成交時間 (time)", "not HHmmss: '" + time + "'");
    }
    int hhmmss = Integer.parseInt(time);
    int hour = hhmmss / 10_000;
    int minute = hhmmss / 100 % 100;
    int second = hhmmss % 100;
    int year = Integer.parseInt(date.substring(0, 4));
    int month = Integer.parseInt(date.substring(4, 6));
    int day = Integer.parseInt(date.substring(6, 8));
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
      return local.toEpochSecond(taipei.getOffset(local)) * 1000;
    } catch (java.time.DateTimeException e) {
      throw new TickFileException(
          file, line, "成交日期 (date)", "no such date and time: " + date + " " + time);
    }
  }

  private static boolean digits(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static long price(Path file, long line, String field) {
    String text = field.strip();
    long units;
    try {
      units = Price.parseUnits(text, 0, text.length());
    } catch (IllegalArgumentException e) {
      throw new TickFileException(file, line, "成交價格 (price)", e.getMessage());
    }
    if (units <= 0) {
      throw new TickFileException(file, line, "成交價格 (price)", "must be > 0 but was " + text);
    }
    return units;
  }

  private static long quantity(Path file, long line, String field) {
    String text = field.strip();
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value <= 0) {
      throw new TickFileException(
          file, line, "成交數量 (quantity)", "not a positive integer: '" + text + "'");
    }
    return value;
  }

  /** Merges the series by time; on equal times the earlier series first. */
  private static RecordedTicks merge(List<Series> chosen) {
    RecordedTicks.Builder builder = new RecordedTicks.Builder();
    int[] next = new int[chosen.size()];
    while (true) {
      int best = -1;
      for (int s = 0; s < chosen.size(); s++) {
        Series series = chosen.get(s);
        if (next[s] < series.size
            && (best < 0 || series.times[next[s]] < chosen.get(best).times[next[best]])) {
          best = s;
        }
      }
      if (best < 0) {
        return builder.build();
      }
      Series series = chosen.get(best);
      int i = next[best]++;
      builder.add(series.itemCode, series.prices[i], series.quantities[i], series.times[i]);
    }
  }

  /** The trades of one product and month, in file order. */
  private static final class Series {
    final String product;
    final String month;
    final String itemCode;
    long[] times = new long[1024];
    long[] prices = new long[1024];
    long[] quantities = new long[1024];
    int size;
    long lastTime = Long.MIN_VALUE;
    long lastLine;

    Series(String product, String month) {
      this.product = product;
      this.month = month;
      this.itemCode = ITEM_CODES.get(product);
    }

    void add(long time, long price, long quantity) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        prices = Arrays.copyOf(prices, size * 2);
        quantities = Arrays.copyOf(quantities, size * 2);
      }
      times[size] = time;
      prices[size] = price;
      quantities[size] = quantity;
      size++;
      lastTime = time;
    }

    @Override
    public String toString() {
      return product + " " + month + " as " + itemCode + ": " + size;
    }
  }
}
