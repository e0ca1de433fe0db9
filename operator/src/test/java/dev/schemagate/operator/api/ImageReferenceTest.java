package dev.schemagate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  private static final String HEX = "7f3a9c2e1b4d" + "0".repeat(52);

  @Test
  void shortFormKeepsTheLastPathSegmentAndTwelveHexDigits() {
    assertThat(ImageReference.shortForm("registry.example.com/shop/orders@sha256:" + HEX))
        .isEqualTo("orders@7f3a9c2e1b4d");
  }

  @Test
  void shortFormDropsTagsAndRegistryPorts() {
    assertThat(ImageReference.shortForm("registry:5000/orders:1.2@sha256:" + HEX))
        .isEqualTo("orders@7f3a9c2e1b4d");
  }

  @Test
  void unpinnedImagesAreShownAsTheyAre() {
    assertThat(ImageReference.shortForm("orders:1.2")).isEqualTo("orders:1.2");
    assertThat(ImageReference.shortForm(null)).isNull();
  }
}
