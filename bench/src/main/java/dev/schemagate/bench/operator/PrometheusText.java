package dev.schemagate.bench.operator;

/** Reads a value out of Prometheus text exposition. Pure. */
final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of every sample of {@code metric} (all label sets) whose labels contain every one of
   * {@code labelMatches} (e.g. {@code area="heap"}); 0 when there is none.
   */
  static double sum(String text, String metric, String... labelMatches) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      boolean named = line.startsWith(metric + "{") || line.startsWith(metric + " ");
      if (!named) {
        continue;
      }
      boolean matches = true;
      for (String label : labelMatches) {
        matches &= line.contains(label);
      }
      if (matches) {
        int labelsEnd = line.lastIndexOf('}');
        String rest =
            labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(metric.length());
        sum += Double.parseDouble(rest.strip().split("\\s+")[0]);
      }
    }
    return sum;
  }
}
