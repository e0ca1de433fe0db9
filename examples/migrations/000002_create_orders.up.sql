CREATE TYPE order_status AS ENUM ('open', 'paid', 'shipped', 'cancelled');

CREATE TABLE orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint       NOT NULL REFERENCES customers (id),
    status       order_status NOT NULL DEFAULT 'open',
    total_cents  integer      NOT NULL DEFAULT 0,
    placed_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
    order_id     bigint  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id   bigint  NOT NULL REFERENCES products (id),
    quantity     integer NOT NULL CHECK (quantity > 0),
    price_cents  integer NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
