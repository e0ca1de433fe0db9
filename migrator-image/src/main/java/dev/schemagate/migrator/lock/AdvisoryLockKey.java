package dev.schemagate.migrator.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The advisory lock key for a schema: the first 8 bytes of SHA-256 of {@code
 * schemagate_migrations:<schema>}, as a signed 64-bit number. Runners for different schemas do not
 * block each other; advisory locks are per database already. Stable across releases: every version
 * of the migrator must compute the same key.
 */
public record AdvisoryLockKey(long value) {

  /** The key for {@code schema}. */
  public static AdvisoryLockKey forSchema(String schema) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("schemagate_migrations:" + schema).getBytes(StandardCharsets.UTF_8));
      return new AdvisoryLockKey(ByteBuffer.wrap(digest, 0, Long.BYTES).getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The key as one 64-bit number: the migration lock ({@code pg_locks.objsubid} 1). */
  public static final int WHOLE = 1;

  /**
   * The same 64 bits as two 32-bit integers ({@code pg_locks.objsubid} 2), a different lock to
   * PostgreSQL, which runners' work sessions hold shared (see {@link MigrationLock#work}).
   */
  public static final int TWO_INTEGERS = 2;

  /** The arguments of {@code pg_advisory_lock} and its kin for this key in {@code form}. */
  public String arguments(int form) {
    return form == WHOLE ? Long.toString(value) : (int) (value >>> 32) + ", " + (int) value;
  }

  /** The upper 32 bits as {@code pg_locks.classid} shows them. */
  public long classId() {
    return value >>> 32;
  }

  /** The lower 32 bits as {@code pg_locks.objid} shows them. */
  public long objectId() {
    return value & 0xFFFF_FFFFL;
  }
}
