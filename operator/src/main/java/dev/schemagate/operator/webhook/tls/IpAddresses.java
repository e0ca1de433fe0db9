package dev.schemagate.operator.webhook.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literal helpers; never resolve names (no DNS lookups). */
final class IpAddresses {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private IpAddresses() {}

  static boolean isLiteral(String host) {
    return IPV4.matcher(host).matches() || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
  }

  /** One textual form per address, so "::1" and "0:0:0:0:0:0:0:1" compare equal. */
  static String canonical(String literal) {
    if (!isLiteral(literal)) {
      throw new IllegalArgumentException("not an IP address: " + literal);
    }
    try {
      // A literal is parsed, not resolved.
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }
}
