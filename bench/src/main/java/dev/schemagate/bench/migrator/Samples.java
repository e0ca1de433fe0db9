package dev.schemagate.bench.migrator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations of repeated runs of one measurement, in milliseconds, in the order they were taken. */
public record Samples(List<Double> millis) {

  public Samples {
    millis = List.copyOf(millis);
    if (millis.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
  }

  public double median() {
    List<Double> sorted = sorted();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  public double min() {
    return sorted().getFirst();
  }

  public double max() {
    return sorted().getLast();
  }

  private List<Double> sorted() {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return sorted;
  }
}
