/* Starter catalogue. Semicolons and quotes inside strings are data, not
   statement ends: /* nested comments */ are fine too. */
INSERT INTO products (sku, name, price_cents) VALUES
    ('MUG-01',  'Mug; 350 ml',                  1200),
    ('TEE-02',  'T-shirt "Schemagate" (L)',     2500),
    ('BAG-03',  E'Tote bag \u2013 it\'s big',   1800),
    ('PIN-04',  'Enamel pin -- limited',          600);

DO $$
BEGIN
    IF (SELECT count(*) FROM products) <> 4 THEN
        RAISE EXCEPTION 'expected 4 products; found %', (SELECT count(*) FROM products);
    END IF;
END
$$;
