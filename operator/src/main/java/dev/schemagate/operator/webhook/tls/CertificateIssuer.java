package dev.schemagate.operator.webhook.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the webhook's CA and serving certificates with Bouncy Castle: ECDSA P-256 keys (fast to
 * generate, accepted by every API server), SHA-256 signatures.
 */
public final class CertificateIssuer {

  /** The CA outlives many serving certificates, so its rotation (a bundle change) is rare. */
  public static final Duration DEFAULT_CA_LIFETIME = Duration.ofDays(5 * 365);

  public static final Duration DEFAULT_SERVING_LIFETIME = Duration.ofDays(365);

  /**
   * Certificates start a little in the past so an API server whose clock lags still accepts them.
   */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private final Duration caLifetime;
  private final Duration servingLifetime;
  private final SecureRandom random = new SecureRandom();

  public CertificateIssuer() {
    this(DEFAULT_CA_LIFETIME, DEFAULT_SERVING_LIFETIME);
  }

  /** Lifetimes are parameters so tests can rotate certificates without waiting. */
  public CertificateIssuer(Duration caLifetime, Duration servingLifetime) {
    this.caLifetime = caLifetime;
    this.servingLifetime = servingLifetime;
  }

  /** A new self-signed CA that may only sign end-entity certificates (path length 0). */
  public CertifiedKey newAuthority(Instant now) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=schemagate-webhook-ca@" + now.getEpochSecond());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(caLifetime)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertifiedKey(keys.getPrivate(), sign(builder, keys));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("could not issue the webhook CA", e);
    }
  }

  /**
   * A serving certificate for {@code names}, signed by {@code ca}. It never outlives its CA, so a
   * client never sees a leaf that is valid while its issuer is not.
   */
  public CertifiedKey issueServing(CertifiedKey ca, ServingNames names, Instant now) {
    KeyPair keys = newKeyPair();
    Instant notAfter = now.plus(servingLifetime);
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  new X500Name("CN=" + names.primaryName()),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(ca.certificate()));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(ca.key())));
      return new CertifiedKey(keys.getPrivate(), certificate);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("could not issue the webhook serving certificate", e);
    }
  }

  private static GeneralNames subjectAltNames(ServingNames names) {
    List<GeneralName> all = new ArrayList<>();
    names.dnsNames().forEach(dns -> all.add(new GeneralName(GeneralName.dNSName, dns)));
    names.ipAddresses().forEach(ip -> all.add(new GeneralName(GeneralName.iPAddress, ip)));
    return new GeneralNames(all.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair keys)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key generator", e);
    }
  }

  /** Positive, 127 bits of randomness (RFC 5280 allows at most 20 octets). */
  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }
}
