package dev.schemagate.operator.runtime;

/** Log line format. */
public enum LogFormat {
  /** One JSON object per line (logback's JsonEncoder). */
  JSON,
  /** Plain text for humans. */
  TEXT
}
