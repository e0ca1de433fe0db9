package dev.schemagate.e2e.sandbox;

import dev.schemagate.e2e.stack.Manifests;
import dev.schemagate.e2e.stack.Postgres.AppDatabase;
import dev.schemagate.e2e.stack.Stack;

/**
 * The sandbox's application namespace: the namespace itself, the application's database role and
 * schema, and the Secret {@code shop-db} that DatabaseMigrations read them from.
 */
record ShopNamespace(String namespace, String secret, AppDatabase database) {

  static ShopNamespace create(Stack stack, String namespace) {
    AppDatabase database = stack.postgres().createAppDatabase(namespace.replace('-', '_'));
    stack.cluster().createNamespace(namespace);
    String secret = namespace + "-db";
    stack
        .cluster()
        .client()
        .resource(Manifests.databaseSecret(namespace, secret, database))
        .create();
    return new ShopNamespace(namespace, secret, database);
  }
}
