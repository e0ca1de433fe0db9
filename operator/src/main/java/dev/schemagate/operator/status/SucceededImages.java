package dev.schemagate.operator.status;

import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.migration.RunState;
import java.util.ArrayList;
import java.util.List;

/** The bounded, newest-first list of images whose migration succeeded. */
public final class SucceededImages {

  private SucceededImages() {}

  /**
   * @param previous the list so far, newest first
   * @param recorded runs finishing now, oldest first
   */
  public static List<String> merge(List<String> previous, List<RunOutcome> recorded) {
    List<String> images = new ArrayList<>(previous == null ? List.of() : previous);
    for (RunOutcome run : recorded) {
      if (run.state() == RunState.SUCCEEDED && run.image() != null) {
        // Newest first; an image that succeeded again moves to the front.
        images.remove(run.image());
        images.addFirst(run.image());
      }
    }
    if (images.size() > DatabaseMigrationStatus.MAX_SUCCEEDED_IMAGES) {
      images = new ArrayList<>(images.subList(0, DatabaseMigrationStatus.MAX_SUCCEEDED_IMAGES));
    }
    return images.isEmpty() ? null : images;
  }
}
