-- Never run by Schemagate (forward only); kept for golang-migrate compatibility.
DROP TABLE order_lines;
DROP TABLE orders;
DROP TYPE order_status;
