package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationSpec;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Identity of a migration run: SHA-256 over everything that shapes the Job (the application image,
 * the migrator settings, backoffLimit, activeDeadlineSeconds) and the retry annotation. Two specs
 * that would produce the same Job have the same hash, so a restarted operator finds its Job by
 * name.
 *
 * @param full 64 hex digits
 */
public record RunHash(String full) {

  /** Bumped if the hash input ever changes shape, so old and new runs cannot collide. */
  private static final String SCHEME = "schemagate-run-v1";

  private static final int SHORT_LENGTH = 8;

  public static RunHash of(DatabaseMigration migration) {
    DatabaseMigrationSpec spec = migration.getSpec();
    Map<String, Object> input = new HashMap<>();
    input.put("scheme", SCHEME);
    input.put("image", spec.getImage());
    input.put("migrator", spec.getMigrator());
    // Defaults spelled out, so that "0" written by a user and the default 0 are the same run.
    input.put("backoffLimit", spec.backoffLimitOrDefault());
    input.put("activeDeadlineSeconds", spec.activeDeadlineSecondsOrDefault());
    input.put("retry", retryToken(migration));
    return new RunHash(sha256Hex(CanonicalJson.of(input)));
  }

  /** The first 8 hex digits: the suffix of the Job name. */
  public String shortHash() {
    return full.substring(0, SHORT_LENGTH);
  }

  static String retryToken(DatabaseMigration migration) {
    Map<String, String> annotations = migration.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Annotations.RETRY);
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
