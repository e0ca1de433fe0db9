package dev.schemagate.migrator.plan;

import dev.schemagate.migrator.history.AppliedMigration;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.resolve.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the files with the history and decides, for every version, its state; which migrations
 * are pending; and what stops a run. Pure: no I/O.
 */
public final class MigrationPlanner {

  private MigrationPlanner() {}

  /** Plans a run over {@code files} (any order) given the {@code history} rows (any order). */
  public static MigrationPlan plan(List<ResolvedMigration> files, List<AppliedMigration> history) {
    return plan(files, history, true);
  }

  /**
   * Plans a run; without {@code checkPendingScripts} the SQL of pending files is not lexed, which
   * is enough to tell whether anything is pending at all.
   */
  public static MigrationPlan plan(
      List<ResolvedMigration> files, List<AppliedMigration> history, boolean checkPendingScripts) {
    Map<Version, List<ResolvedMigration>> filesByVersion = new TreeMap<>();
    for (ResolvedMigration file : files) {
      filesByVersion.computeIfAbsent(file.version(), v -> new ArrayList<>()).add(file);
    }
    List<ValidationProblem> problems = new ArrayList<>();
    Map<Version, AppliedMigration> rows = new TreeMap<>();
    for (AppliedMigration row : history) {
      if (Version.isValid(row.version())) {
        rows.put(Version.parse(row.version()), row);
      } else {
        problems.add(
            new ValidationProblem(
                "missing-file",
                row.version(),
                List.of(row.script()),
                "the history table holds '" + row.version() + "', which is not a version"));
      }
    }
    Version newestApplied =
        rows.values().stream()
            .filter(AppliedMigration::success)
            .map(row -> Version.parse(row.version()))
            .max(Version::compareTo)
            .orElse(null);

    List<PlannedMigration> entries = new ArrayList<>();
    List<ResolvedMigration> pending = new ArrayList<>();
    Set<Version> retried = new HashSet<>();
    TreeSet<Version> versions = new TreeSet<>(filesByVersion.keySet());
    versions.addAll(rows.keySet());
    for (Version version : versions) {
      List<ResolvedMigration> candidates = filesByVersion.getOrDefault(version, List.of());
      AppliedMigration row = rows.get(version);
      if (candidates.size() > 1) {
        problems.add(duplicate(version, candidates));
        for (ResolvedMigration file : candidates) {
          entries.add(entry(version, MigrationState.DUPLICATE_VERSION, file, row));
        }
        continue;
      }
      ResolvedMigration file = candidates.isEmpty() ? null : candidates.getFirst();
      MigrationState state = stateOf(version, file, row, newestApplied);
      entries.add(entry(version, state, file, row));
      switch (state) {
        case PENDING -> pending.add(file);
        case FAILED -> {
          pending.add(file);
          retried.add(version);
        }
        case CHECKSUM_MISMATCH -> problems.add(checksumMismatch(version, file, row));
        case MISSING_FILE -> problems.add(missingFile(version, row));
        case OUT_OF_ORDER -> problems.add(outOfOrder(version, file, newestApplied));
        default -> {}
      }
    }
    if (checkPendingScripts) {
      for (ResolvedMigration file : pending) {
        ScriptCheck.check(file).ifPresent(problems::add);
      }
    }
    return new MigrationPlan(
        List.copyOf(entries), List.copyOf(pending), List.copyOf(problems), Set.copyOf(retried));
  }

  private static MigrationState stateOf(
      Version version, ResolvedMigration file, AppliedMigration row, Version newestApplied) {
    if (file == null) {
      return MigrationState.MISSING_FILE;
    }
    if (row != null && row.success()) {
      return row.checksum().equals(file.checksum())
          ? MigrationState.APPLIED
          : MigrationState.CHECKSUM_MISMATCH;
    }
    if (newestApplied != null && version.compareTo(newestApplied) < 0) {
      return MigrationState.OUT_OF_ORDER;
    }
    return row != null ? MigrationState.FAILED : MigrationState.PENDING;
  }

  private static PlannedMigration entry(
      Version version, MigrationState state, ResolvedMigration file, AppliedMigration row) {
    return new PlannedMigration(
        version.toString(), state, Optional.ofNullable(file), Optional.ofNullable(row));
  }

  private static ValidationProblem duplicate(Version version, List<ResolvedMigration> files) {
    List<String> names = files.stream().map(ResolvedMigration::script).toList();
    return new ValidationProblem(
        "duplicate-version",
        version.toString(),
        names,
        "version " + version + " is used by more than one file: " + String.join(", ", names));
  }

  private static ValidationProblem checksumMismatch(
      Version version, ResolvedMigration file, AppliedMigration row) {
    return new ValidationProblem(
        "checksum-mismatch",
        version.toString(),
        List.of(file.script()),
        file.script()
            + " (version "
            + version
            + ") was changed after it was applied: checksum "
            + shortChecksum(row.checksum())
            + " in the history, "
            + shortChecksum(file.checksum())
            + " on disk. Restore the file and put the change in a new migration");
  }

  private static ValidationProblem missingFile(Version version, AppliedMigration row) {
    String what = row.success() ? "was applied" : "failed part-way earlier";
    return new ValidationProblem(
        "missing-file",
        version.toString(),
        List.of(row.script()),
        "version "
            + version
            + " ("
            + row.script()
            + ") "
            + what
            + " but no file in the migrations directory has that version");
  }

  private static ValidationProblem outOfOrder(
      Version version, ResolvedMigration file, Version newestApplied) {
    return new ValidationProblem(
        "out-of-order",
        version.toString(),
        List.of(file.script()),
        file.script()
            + " (version "
            + version
            + ") is not applied but older than the newest applied version "
            + newestApplied
            + "; give it a version above "
            + newestApplied);
  }

  private static String shortChecksum(String checksum) {
    return checksum.length() > 12 ? checksum.substring(0, 12) + "..." : checksum;
  }
}
