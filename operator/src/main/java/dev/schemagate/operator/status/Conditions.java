package dev.schemagate.operator.status;

import dev.schemagate.operator.migration.KubeTime;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Kubernetes conditions with the transition-time rule of the API conventions. */
public final class Conditions {

  /** Condition messages are for humans; a database error can be long. */
  static final int MAX_MESSAGE_LENGTH = 1024;

  private Conditions() {}

  public static Condition of(
      String type, boolean status, String reason, String message, Long observedGeneration) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(truncate(message))
        .withObservedGeneration(observedGeneration)
        .build();
  }

  /**
   * The desired conditions, each with the previous lastTransitionTime when its status did not
   * change and {@code now} otherwise.
   */
  public static List<Condition> withTransitionTimes(
      List<Condition> previous, List<Condition> desired, Instant now) {
    List<Condition> result = new ArrayList<>(desired.size());
    for (Condition condition : desired) {
      Condition before = find(previous, condition.getType());
      String transition =
          before != null
                  && Objects.equals(before.getStatus(), condition.getStatus())
                  && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : KubeTime.format(now);
      result.add(new ConditionBuilder(condition).withLastTransitionTime(transition).build());
    }
    return result;
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition condition = find(conditions, type);
    return condition != null && "True".equals(condition.getStatus());
  }

  static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
  }
}
