-- Ferry's store. Every statement must be idempotent and run on both H2 and PostgreSQL.

-- Inputs fully processed: files (key = name + content hash) and queue messages (key = message id).
CREATE TABLE IF NOT EXISTS ferry_processed (
    scope        VARCHAR(200) NOT NULL,
    item_key     VARCHAR(600) NOT NULL,
    processed_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (scope, item_key)
);
