package dev.schemagate.migrator.run;

import java.util.ArrayList;
import java.util.List;

/** What a run has applied so far, so that every outcome can report it. */
final class RunProgress {

  /** Versions applied by this run, in order. */
  final List<String> applied = new ArrayList<>();

  /** Migrations still pending; null until the history has been read. */
  Integer pending;
}
