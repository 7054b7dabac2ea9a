package org.aftm.application.service;

import java.util.Arrays;
import java.util.List;

/**
 * Ticks read from a file, held in columns so a million of them cost a few arrays, not a million
 * objects. Immutable once built.
 */
public final class RecordedTicks {

  private final String[] itemCodes;
  private final long[] priceUnits;
  private final long[] quantities;
  private final long[] timesMillis;
  private final int size;

  private RecordedTicks(
      String[] itemCodes, long[] priceUnits, long[] quantities, long[] timesMillis, int size) {
    this.itemCodes = itemCodes;
    this.priceUnits = priceUnits;
    this.quantities = quantities;
    this.timesMillis = timesMillis;
    this.size = size;
  }

  public int size() {
    return size;
  }

  public String itemCode(int index) {
    return itemCodes[index];
  }

  public long priceUnits(int index) {
    return priceUnits[index];
  }

  public long quantity(int index) {
    return quantities[index];
  }

  public long timeMillis(int index) {
    return timesMillis[index];
  }

  /**
   * Builds ticks in order; item codes should be interned by the caller so equal codes share one
   * string.
   */
  public static final class Builder {
    private String[] itemCodes = new String[1024];
    private long[] priceUnits = new long[1024];
    private long[] quantities = new long[1024];
    private long[] timesMillis = new long[1024];
    private int size;

    public Builder add(String itemCode, long price, long quantity, long timeMillis) {
      if (size == itemCodes.length) {
        int capacity = size * 2;
        itemCodes = Arrays.copyOf(itemCodes, capacity);
        priceUnits = Arrays.copyOf(priceUnits, capacity);
        quantities = Arrays.copyOf(quantities, capacity);
        timesMillis = Arrays.copyOf(timesMillis, capacity);
      }
      itemCodes[size] = itemCode;
      priceUnits[size] = price;
      quantities[size] = quantity;
      timesMillis[size] = timeMillis;
      size++;
      return this;
    }

    public RecordedTicks build() {
      return new RecordedTicks(itemCodes, priceUnits, quantities, timesMillis, size);
    }
  }

  /** The distinct item codes, in order of first appearance. */
  public List<String> itemCodes() {
    return Arrays.stream(itemCodes, 0, size).distinct().toList();
  }
}
