package dev.schemagate.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.operator.webhook.tls.CaBundlePublisher.Result;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SelfManagedTlsTest {

  private static final ServingNames NAMES = ServingNames.forService("webhook", "ops");

  KubernetesClient client;

  private final List<List<X509Certificate>> published = new ArrayList<>();

  private SelfManagedTls replica(SwappableKeyManager keyManager, CaBundlePublisher publisher) {
    return new SelfManagedTls(
        new TlsSecretStore(client, "ops", "webhook-tls"),
        new CertificateRotation(new CertificateIssuer()),
        NAMES,
        keyManager,
        publisher,
        Clock.systemUTC());
  }

  private CaBundlePublisher recording() {
    return publishing(
        (bundle, overwriteUnknown) -> {
          synchronized (published) {
            published.add(bundle);
          }
          return Result.PUBLISHED;
        });
  }

  /** A publisher whose configuration is always current: only {@link SelfManagedTls#sync} runs. */
  private static CaBundlePublisher publishing(
      BiFunction<List<X509Certificate>, Boolean, Result> publish) {
    return new CaBundlePublisher() {
      @Override
      public Result publish(List<X509Certificate> bundle, boolean overwriteUnknown) {
        return publish.apply(bundle, overwriteUnknown);
      }

      @Override
      public boolean needsPublishing(List<X509Certificate> bundle) {
        return false;
      }
    };
  }

  @Test
  void replicasStartingTogetherEndUpServingTheSameCertificate() throws Exception {
    SwappableKeyManager first = new SwappableKeyManager();
    SwappableKeyManager second = new SwappableKeyManager();
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Void> a =
        CompletableFuture.runAsync(() -> startAfter(go, replica(first, recording())));
    CompletableFuture<Void> b =
        CompletableFuture.runAsync(() -> startAfter(go, replica(second, recording())));
    go.countDown();
    CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);

    assertThat(first.current().certificate()).isEqualTo(second.current().certificate());
    assertThat(client.secrets().inNamespace("ops").list().getItems()).hasSize(1);
    assertThat(published)
        .hasSize(2)
        .allSatisfy(bundle -> assertThat(bundle).isEqualTo(published.get(0)));
  }

  @Test
  void rereadsTheSecretWhenThePublishedBundleKnowsMore() {
    List<Boolean> overwriteFlags = new ArrayList<>();
    CaBundlePublisher refusingOnce =
        publishing(
            (bundle, overwriteUnknown) -> {
              overwriteFlags.add(overwriteUnknown);
              return overwriteUnknown ? Result.PUBLISHED : Result.UNKNOWN_CA;
            });
    SwappableKeyManager keyManager = new SwappableKeyManager();

    replica(keyManager, refusingOnce).sync();

    assertThat(overwriteFlags).containsExactly(false, true);
    assertThat(keyManager.current()).isNotNull();
  }

  @Test
  void keepsServingWhenPublishingFails() {
    SwappableKeyManager keyManager = new SwappableKeyManager();
    SelfManagedTls tls =
        replica(
            keyManager,
            publishing(
                (bundle, overwriteUnknown) -> {
                  throw new IllegalStateException("forbidden");
                }));
    tls.prepare();
    CertifiedKey served = keyManager.current();

    assertThatThrownBy(tls::sync).hasMessage("forbidden");

    assertThat(keyManager.current()).isEqualTo(served);
  }

  @Test
  void theFrequentCheckSyncsOnlyWhenTheConfigurationLacksOurBundle() {
    List<Boolean> checks = new ArrayList<>();
    boolean[] current = {false};
    CaBundlePublisher publisher =
        new CaBundlePublisher() {
          @Override
          public Result publish(List<X509Certificate> bundle, boolean overwriteUnknown) {
            synchronized (published) {
              published.add(bundle);
            }
            current[0] = true;
            return Result.PUBLISHED;
          }

          @Override
          public boolean needsPublishing(List<X509Certificate> bundle) {
            checks.add(!current[0]);
            return !current[0];
          }
        };
    SelfManagedTls tls = replica(new SwappableKeyManager(), publisher);
    tls.prepare();

    tls.syncIfUnpublished(); // never synced: a full sync, without asking
    tls.syncIfUnpublished(); // current: one cheap check only
    current[0] = false; // the chart replaced the configuration
    tls.syncIfUnpublished();

    assertThat(published).hasSize(2);
    assertThat(checks).containsExactly(false, true);
  }

  @Test
  void aConfigurationThatIsNotThereYetStillLetsTheFirstCertificateBeServed() {
    SwappableKeyManager keyManager = new SwappableKeyManager();

    replica(keyManager, publishing((bundle, overwrite) -> Result.NOT_REGISTERED)).sync();

    assertThat(keyManager.current()).isNotNull();
  }

  private static void startAfter(CountDownLatch go, SelfManagedTls tls) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    tls.prepare();
    tls.sync();
  }
}
