package dev.schemagate.operator.webhook.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager whose key and certificate can be replaced while the server runs: every new
 * TLS handshake picks up the current one, so certificate rotation needs no restart.
 */
public final class SwappableKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "schemagate-webhook";

  private volatile CertifiedKey current;

  /** Serves {@code key} from the next handshake on. */
  public void swap(CertifiedKey key) {
    this.current = key;
  }

  /** The key being served, or null before the first {@link #swap}. */
  public CertifiedKey current() {
    return current;
  }

  /** A TLS server context serving whatever this key manager holds; no client certificates. */
  public SSLContext serverContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {this}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation", e);
    }
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = alias(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    CertifiedKey key = current;
    return ALIAS.equals(alias) && key != null ? key.chain().toArray(X509Certificate[]::new) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    CertifiedKey key = current;
    return ALIAS.equals(alias) && key != null ? key.key() : null;
  }

  /** Offers our alias only for the key type we hold (the JDK asks per signature scheme). */
  private String alias(String keyType) {
    CertifiedKey key = current;
    return key != null && key.key().getAlgorithm().equalsIgnoreCase(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
