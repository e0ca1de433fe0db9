package dev.schemagate.operator.webhook.tls;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names the serving certificate must cover: the Service's DNS names in a cluster, or the host
 * of {@code SCHEMAGATE_WEBHOOK_URL} when the operator runs outside one.
 *
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names, in canonical textual form
 */
public record ServingNames(List<String> dnsNames, List<String> ipAddresses) {

  public ServingNames {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = ipAddresses.stream().map(IpAddresses::canonical).toList();
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one name");
    }
  }

  /** Every name a client may use to reach {@code service} in {@code namespace}. */
  public static ServingNames forService(String service, String namespace) {
    String qualified = service + "." + namespace;
    return new ServingNames(
        List.of(service, qualified, qualified + ".svc", qualified + ".svc.cluster.local"),
        List.of());
  }

  /** The host of an {@code https://host[:port]/...} URL, as a DNS or IP name. */
  public static ServingNames forUrl(URI url) {
    String host = url.getHost();
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("webhook URL has no host: " + url);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    (IpAddresses.isLiteral(host) ? ips : dns).add(host);
    return new ServingNames(dns, ips);
  }

  /** The name to put in the certificate's subject CN. */
  public String primaryName() {
    return dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
  }

  /** True when {@code dns} and {@code ips} are exactly these names (order ignored). */
  public boolean matches(Set<String> dns, Set<String> ips) {
    return Set.copyOf(dnsNames).equals(dns)
        && Set.copyOf(ipAddresses)
            .equals(ips.stream().map(IpAddresses::canonical).collect(Collectors.toSet()));
  }
}
