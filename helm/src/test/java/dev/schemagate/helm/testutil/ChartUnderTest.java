package dev.schemagate.helm.testutil;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chart in {@code helm/schemagate}, rendered by the real Helm (helm-java bundles Helm's Go code
 * as a native library). Renderings of the named scenarios are cached: they are pure functions of
 * the chart and the values, and several test classes assert on the same one.
 */
public final class ChartUnderTest {

  public static final String RELEASE = "schemagate";
  public static final String NAMESPACE = "schemagate-system";

  /**
   * helm-java's `template` assumes Kubernetes 1.20 unless told otherwise, which the chart's
   * kubeVersion constraint rejects; the real `helm template` assumes a current version.
   */
  public static final String KUBE_VERSION = "1.33.0";

  private static final Map<Scenario, Manifests> RENDERED = new ConcurrentHashMap<>();

  private ChartUnderTest() {}

  /** The chart directory: {@code -Dschemagate.chart.dir}, set by the Maven build. */
  public static Path chartDir() {
    return Path.of(System.getProperty("schemagate.chart.dir", "schemagate")).toAbsolutePath();
  }

  /** The repository root, whose {@code crds/} the chart copies. */
  public static Path repositoryDir() {
    return Path.of(System.getProperty("schemagate.repo.dir", "..")).toAbsolutePath().normalize();
  }

  public static Manifests render(Scenario scenario) {
    return RENDERED.computeIfAbsent(
        scenario, s -> Manifests.parse(template(s).withKubeVersion(KUBE_VERSION).call()));
  }

  /**
   * A template command for the scenario, to add {@code set(...)} overrides or a Kubernetes version.
   */
  public static TemplateCommand template(Scenario scenario) {
    TemplateCommand command = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    for (String valuesFile : scenario.valuesFiles()) {
      command = command.withValuesFile(valuesResource(valuesFile));
    }
    return command;
  }

  /** NOTES.txt as `helm install` prints it (a client-only dry run: no cluster needed). */
  public static String notes(Scenario scenario) {
    InstallCommand command =
        helm()
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .clientOnly()
            .dryRun()
            .withDryRunOption(DryRun.CLIENT);
    for (String valuesFile : scenario.valuesFiles()) {
      command = command.withValuesFile(valuesResource(valuesFile));
    }
    String output = command.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("No NOTES in the install output:\n" + output);
    }
    return output.substring(notes);
  }

  public static LintResult lintStrict() {
    return helm().lint().strict().call();
  }

  /** The CRDs as Helm sees them in the chart (`helm show crds`). */
  public static String showCrds() {
    return helm().show().crds().call();
  }

  private static Helm helm() {
    Path chart = chartDir();
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      throw new IllegalStateException("No Chart.yaml in " + chart + " (-Dschemagate.chart.dir)");
    }
    return new Helm(chart);
  }

  private static Path valuesResource(String name) {
    URL url = ChartUnderTest.class.getResource("/values/" + name);
    if (url == null) {
      throw new IllegalArgumentException("No test values file values/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
