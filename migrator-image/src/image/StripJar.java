import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar without the named entries, keeping every other entry's bytes, method and time.
 * assemble-rootfs.sh uses it to leave out of the linux/amd64 image the embedded PostgreSQL
 * binaries for other platforms, which `check` could never use there. Run with the JDK's source
 * launcher: {@code java StripJar.java IN OUT NAME...}.
 */
public final class StripJar {

  private StripJar() {}

  public static void main(String[] args) throws IOException {
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Set<String> drop = Set.copyOf(List.of(args).subList(2, args.length));
    try (ZipFile zip = new ZipFile(in.toFile());
        OutputStream file = Files.newOutputStream(out);
        ZipOutputStream copy = new ZipOutputStream(file)) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (drop.contains(entry.getName())) {
          continue;
        }
        ZipEntry kept = new ZipEntry(entry.getName());
        kept.setTime(entry.getTime());
        kept.setMethod(entry.getMethod());
        if (entry.getMethod() == ZipEntry.STORED) {
          kept.setSize(entry.getSize());
          kept.setCompressedSize(entry.getSize());
          kept.setCrc(entry.getCrc());
        }
        copy.putNextEntry(kept);
        try (InputStream data = zip.getInputStream(entry)) {
          data.transferTo(copy);
        }
        copy.closeEntry();
      }
    }
  }
}
