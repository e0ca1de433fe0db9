package dev.schemagate.operator.api;

import java.util.regex.Matcher;

/** Container image references pinned by digest, and their short display form. */
public final class ImageReference {

  /** {@code name@sha256:<64 lowercase hex>}; the name may carry a registry, a port and a tag. */
  public static final String DIGEST_PINNED_PATTERN = "^[^\\s@]+@sha256:[a-f0-9]{64}$";

  private static final java.util.regex.Pattern DIGEST_PINNED =
      java.util.regex.Pattern.compile(DIGEST_PINNED_PATTERN);
  private static final java.util.regex.Pattern PARTS =
      java.util.regex.Pattern.compile("^(?<name>[^\\s@]+)@sha256:(?<hex>[a-f0-9]{64})$");
  private static final int SHORT_DIGEST_LENGTH = 12;

  private ImageReference() {}

  public static boolean isDigestPinned(String image) {
    return image != null && DIGEST_PINNED.matcher(image).matches();
  }

  /**
   * {@code registry.example.com/shop/orders@sha256:7f3a…} becomes {@code orders@7f3a9c2e1b4d}: the
   * last path segment (without tag) and the first 12 hex of the digest, as {@code docker images}
   * shortens IDs. Anything not digest-pinned is returned as is.
   */
  public static String shortForm(String image) {
    if (image == null) {
      return null;
    }
    Matcher m = PARTS.matcher(image);
    if (!m.matches()) {
      return image;
    }
    String name = m.group("name");
    String lastSegment = name.substring(name.lastIndexOf('/') + 1);
    int tag = lastSegment.indexOf(':');
    if (tag >= 0) {
      lastSegment = lastSegment.substring(0, tag);
    }
    return lastSegment + "@" + m.group("hex").substring(0, SHORT_DIGEST_LENGTH);
  }
}
