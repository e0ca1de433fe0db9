-- schemagate:no-transaction
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block, so this file
-- runs statement by statement. IF NOT EXISTS makes a retry after a failure safe.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_placed_idx
    ON orders (customer_id, placed_at DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS order_lines_product_idx
    ON order_lines (product_id);
