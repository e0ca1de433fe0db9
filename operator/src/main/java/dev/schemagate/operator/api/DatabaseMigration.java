package dev.schemagate.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A database migration that must succeed, as its own one-shot Job, before gated Deployments roll
 * out to {@code spec.image}.
 */
@Group(SchemagateConstants.GROUP)
@Version(SchemagateConstants.VERSION)
@Kind(SchemagateConstants.KIND)
@Plural("databasemigrations")
@ShortNames("dbm")
// The CRD generator sorts printer columns by jsonPath; the build puts them back into this order
// (operator/src/build/java/PrinterColumnOrder.java, order in operator/pom.xml).
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
// A jsonPath cannot shorten a 64-hex digest, so the status carries a short form for this column.
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.imageShort", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(
    value = "size(self.metadata.name) <= 63",
    message =
        "metadata.name must be at most 63 characters: it is the value of the"
            + " schemagate.dev/migration label")
public class DatabaseMigration
    extends CustomResource<DatabaseMigrationSpec, DatabaseMigrationStatus> implements Namespaced {}
