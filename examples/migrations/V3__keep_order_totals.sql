-- Keep orders.total_cents equal to the sum of its lines. The function body is
-- dollar-quoted with a tag; its semicolons belong to PL/pgSQL, not to this file.
CREATE FUNCTION refresh_order_total() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
    affected bigint := COALESCE(NEW.order_id, OLD.order_id);
BEGIN
    UPDATE orders
       SET total_cents = (SELECT COALESCE(sum(quantity * price_cents), 0)
                            FROM order_lines
                           WHERE order_id = affected)
     WHERE id = affected;
    RAISE DEBUG 'order % total refreshed; lines changed', affected;
    RETURN NULL;
END;
$body$;

CREATE TRIGGER order_lines_total
AFTER INSERT OR UPDATE OR DELETE ON order_lines
FOR EACH ROW EXECUTE FUNCTION refresh_order_total();
