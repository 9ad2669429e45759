-- Ids are INTEGER PRIMARY KEY (SQLite's rowid): a source system's id can be stored as given, and a
-- new row without one takes the next free number. Timestamps are epoch milliseconds, as
-- sqlite-jdbc stores java.sql.Timestamp. Decimals keep NUMERIC affinity and are rounded to their
-- scale when read.

CREATE TABLE customers (
    id               INTEGER PRIMARY KEY,
    email            VARCHAR(254) NOT NULL,
    first_name       VARCHAR(150) NOT NULL,
    last_name        VARCHAR(150) NOT NULL,
    default_currency VARCHAR(3)   NOT NULL DEFAULT 'USD',
    created_at       TIMESTAMP    NOT NULL,
    updated_at       TIMESTAMP    NOT NULL,
    CONSTRAINT uk_customers_email UNIQUE (email)
);

CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    name         VARCHAR(255)   NOT NULL,
    description  TEXT,
    price        NUMERIC(12, 2) NOT NULL,
    currency     VARCHAR(3)     NOT NULL DEFAULT 'USD',
    active       BOOLEAN        NOT NULL DEFAULT 1,
    weight_grams INTEGER,
    created_at   TIMESTAMP      NOT NULL,
    updated_at   TIMESTAMP      NOT NULL,
    CONSTRAINT uk_products_name UNIQUE (name)
);

CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    order_number VARCHAR(64)    NOT NULL,
    customer_id  INTEGER        NOT NULL REFERENCES customers (id),
    status       VARCHAR(32)    NOT NULL,
    currency     VARCHAR(3)     NOT NULL DEFAULT 'USD',
    amount       NUMERIC(14, 2) NOT NULL,
    created_at   TIMESTAMP      NOT NULL,
    updated_at   TIMESTAMP      NOT NULL,
    CONSTRAINT uk_orders_order_number UNIQUE (order_number)
);
CREATE INDEX ix_orders_customer_id ON orders (customer_id);

CREATE TABLE order_items (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id INTEGER        NOT NULL REFERENCES products (id),
    qty        INTEGER        NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL
);
CREATE INDEX ix_order_items_order_id ON order_items (order_id);
CREATE INDEX ix_order_items_product_id ON order_items (product_id);

CREATE TABLE employees (
    id                  INTEGER PRIMARY KEY,
    employee_id         VARCHAR(64)  NOT NULL,
    first_name          VARCHAR(150) NOT NULL,
    middle_name         VARCHAR(150),
    last_name           VARCHAR(150) NOT NULL,
    gender              VARCHAR(32),
    email               VARCHAR(254) NOT NULL,
    phone_number        VARCHAR(64),
    date_of_birth       TIMESTAMP,
    nationality         VARCHAR(100),
    job_level           VARCHAR(100),
    department          VARCHAR(150),
    location            VARCHAR(150),
    bank_account_number VARCHAR(64),
    company             VARCHAR(150),
    job_title           VARCHAR(150),
    cost_center         VARCHAR(100),
    start_date          TIMESTAMP,
    employee_status     VARCHAR(64),
    manager_id          VARCHAR(64),
    manager_email       VARCHAR(254),
    last_modified_on    TIMESTAMP,
    last_modified       BIGINT,
    created_at          TIMESTAMP    NOT NULL,
    updated_at          TIMESTAMP    NOT NULL,
    CONSTRAINT uk_employees_email UNIQUE (email)
);
CREATE INDEX ix_employees_employee_id ON employees (employee_id);

-- AUTOINCREMENT: a deleted history id is never handed out again.
CREATE TABLE sync_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    model          VARCHAR(32) NOT NULL,
    payload        TEXT,
    status         VARCHAR(16) NOT NULL,
    failure_reason TEXT,
    retries        INTEGER     NOT NULL DEFAULT 0,
    records        INTEGER     NOT NULL DEFAULT 0,
    duration_ms    INTEGER     NOT NULL DEFAULT 0,
    request_id     VARCHAR(128),
    created_at     TIMESTAMP   NOT NULL,
    updated_at     TIMESTAMP   NOT NULL
);
-- The listing is newest first (id descending), filtered by status, model or both.
CREATE INDEX ix_sync_history_status_id ON sync_history (status, id);
CREATE INDEX ix_sync_history_model_status_id ON sync_history (model, status, id);

-- Written by the health check's write probe, so that it never touches business tables.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY,
    checked_at BIGINT NOT NULL
);
