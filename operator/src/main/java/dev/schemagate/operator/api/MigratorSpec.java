package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** How the migration Job runs; every field is passed through to the Job's pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigratorSpec {

  @Pattern(ImageReference.DIGEST_PINNED_PATTERN)
  @JsonPropertyDescription(
      "Image that runs the migration, pinned by digest; default: spec.image (the application's"
          + " own migrate command).")
  private String image;

  @JsonPropertyDescription("Container command; default: the image's entrypoint.")
  private List<String> command;

  @JsonPropertyDescription("Container arguments.")
  private List<String> args;

  @JsonPropertyDescription("Environment variables of the migration container.")
  private List<EnvVar> env;

  @JsonPropertyDescription(
      "Sources of environment variables (database credentials usually come from a Secret here).")
  private List<EnvFromSource> envFrom;

  @JsonPropertyDescription("Compute resources of the migration container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Service account of the migration pod.")
  private String serviceAccountName;

  @JsonPropertyDescription("Security context of the migration pod.")
  private PodSecurityContext podSecurityContext;

  @JsonPropertyDescription("Security context of the migration container.")
  private SecurityContext securityContext;

  @JsonPropertyDescription("Node selector of the migration pod.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations of the migration pod.")
  private List<Toleration> tolerations;

  @JsonPropertyDescription("Pull secrets for the migrator image.")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription("Extra labels of the migration pod (Schemagate's own labels win).")
  private Map<String, String> podLabels;

  @JsonPropertyDescription("Extra annotations of the migration pod.")
  private Map<String, String> podAnnotations;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public PodSecurityContext getPodSecurityContext() {
    return podSecurityContext;
  }

  public void setPodSecurityContext(PodSecurityContext podSecurityContext) {
    this.podSecurityContext = podSecurityContext;
  }

  public SecurityContext getSecurityContext() {
    return securityContext;
  }

  public void setSecurityContext(SecurityContext securityContext) {
    this.securityContext = securityContext;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }
}
