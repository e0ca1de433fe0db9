package dev.schemagate.migrator.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.migrator.config.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationResolverTest {

  @TempDir Path dir;

  private final MigrationResolver resolver = new MigrationResolver();

  @Test
  void findsOrdersAndChecksumsMigrations() throws Exception {
    write("V1_10__ten.sql", "SELECT 10;");
    write("V1.9__nine.sql", "SELECT 9;");
    write("000002_two.up.sql", "SELECT 2;");
    write("000002_two.down.sql", "SELECT -2;");
    write("README.md", "docs");
    Files.createDirectory(dir.resolve("V5__a_directory.sql"));

    MigrationResolver.Result result = resolver.resolve(dir);

    assertThat(result.migrations())
        .extracting(m -> m.version().toString())
        .containsExactly("1.9", "1.10", "2");
    assertThat(result.skippedDownFiles()).containsExactly("000002_two.down.sql");
    ResolvedMigration ten = result.migrations().get(1);
    assertThat(ten.script()).isEqualTo("V1_10__ten.sql");
    assertThat(ten.description()).isEqualTo("ten");
    assertThat(ten.sql()).isEqualTo("SELECT 10;");
    assertThat(ten.transactional()).isTrue();
    assertThat(ten.checksum()).isEqualTo(sha256("SELECT 10;".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void checksumCoversTheRawBytesButTheSqlDropsTheByteOrderMark() throws Exception {
    byte[] bytes = "\uFEFFSELECT 1;".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("V1__bom.sql"), bytes);
    ResolvedMigration m = resolver.resolve(dir).migrations().getFirst();
    assertThat(m.sql()).isEqualTo("SELECT 1;");
    assertThat(m.checksum()).isEqualTo(sha256(bytes));
  }

  @Test
  void noTransactionMarkerOnTheFirstLine() throws Exception {
    write("V1__a.sql", "-- schemagate:no-transaction\r\nCREATE INDEX CONCURRENTLY i ON t (c);");
    write("V2__b.sql", "  --   SchemaGate:No-Transaction  \nSELECT 1;");
    write("V3__c.sql", "SELECT 1;\n-- schemagate:no-transaction\n");
    write("V4__d.sql", "-- schemagate:no-transaction-please\nSELECT 1;");
    assertThat(resolver.resolve(dir).migrations())
        .extracting(ResolvedMigration::transactional)
        .containsExactly(false, false, true, true);
  }

  @Test
  void duplicateVersionsAreReturnedForValidationToReport() throws Exception {
    write("V1__a.sql", "SELECT 1;");
    write("000001_b.up.sql", "SELECT 1;");
    assertThat(resolver.resolve(dir).migrations()).hasSize(2);
  }

  @Test
  void unrecognisedNamesAreOneErrorNamingEveryFile() throws Exception {
    write("V1__ok.sql", "SELECT 1;");
    write("R__views.sql", "SELECT 1;");
    write("schema.sql", "SELECT 1;");
    assertThatThrownBy(() -> resolver.resolve(dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("R__views.sql")
        .hasMessageContaining("schema.sql")
        .hasMessageNotContaining("V1__ok.sql");
  }

  @Test
  void missingDirectoryIsAConfigurationError() {
    assertThatThrownBy(() -> resolver.resolve(dir.resolve("nope")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void invalidUtf8IsAConfigurationError() throws Exception {
    Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', (byte) 0xE9, ';'});
    assertThatThrownBy(() -> resolver.resolve(dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("V1__latin1.sql")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void aReplacementCharacterInValidUtf8IsText() throws Exception {
    write("V1__a.sql", "SELECT '\uFFFD';");
    Files.write(dir.resolve("V2__b.sql"), new byte[] {'S', (byte) 0xEF, (byte) 0xBF, ';'});
    assertThatThrownBy(() -> resolver.resolve(dir))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("V2__b.sql");
    Files.delete(dir.resolve("V2__b.sql"));
    assertThat(resolver.resolve(dir).migrations().getFirst().sql()).isEqualTo("SELECT '\uFFFD';");
  }

  @Test
  void emptyDirectoryHasNoMigrations() {
    assertThat(resolver.resolve(dir).migrations()).isEmpty();
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
