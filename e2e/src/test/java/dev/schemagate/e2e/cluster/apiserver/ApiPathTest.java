package dev.schemagate.e2e.cluster.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathTest {

  @Test
  void namespacedObjectWithSubresourceAndQuery() {
    ApiPath path =
        ApiPath.parse("/api/v1/namespaces/shop/pods/p1/log?tailLines=64&container=migrate");
    assertThat(path.group()).isEmpty();
    assertThat(path.version()).isEqualTo("v1");
    assertThat(path.namespace()).isEqualTo("shop");
    assertThat(path.resource()).isEqualTo("pods");
    assertThat(path.name()).isEqualTo("p1");
    assertThat(path.subresource()).isEqualTo("log");
    assertThat(path.query()).containsEntry("tailLines", "64").containsEntry("container", "migrate");
    assertThat(path.objectPath()).isEqualTo("/api/v1/namespaces/shop/pods/p1");
  }

  @Test
  void groupCollectionsAndDocuments() {
    ApiPath all = ApiPath.parse("/apis/apps/v1/deployments?watch=true&labelSelector=a%3Db");
    assertThat(all.group()).isEqualTo("apps");
    assertThat(all.namespace()).isNull();
    assertThat(all.resource()).isEqualTo("deployments");
    assertThat(all.isWatch()).isTrue();
    assertThat(all.query()).containsEntry("labelSelector", "a=b");

    ApiPath groupVersion = ApiPath.parse("/apis/schemagate.dev/v1alpha1");
    assertThat(groupVersion.isResource()).isFalse();
    assertThat(groupVersion.groupVersion()).isEqualTo("schemagate.dev/v1alpha1");
    assertThat(ApiPath.parse("/apis").group()).isNull();
    assertThat(ApiPath.parse("/version").isResource()).isFalse();
  }

  @Test
  void namespacesThemselvesAreClusterScopedObjects() {
    ApiPath namespace = ApiPath.parse("/api/v1/namespaces/shop");
    assertThat(namespace.namespace()).isNull();
    assertThat(namespace.resource()).isEqualTo("namespaces");
    assertThat(namespace.name()).isEqualTo("shop");
    assertThat(ApiPath.parse("/apis/apps/v1/namespaces/shop/deployments/x?dryRun=All").isDryRun())
        .isTrue();
  }
}
