-- AFTM schema, version 1 (docs/architecture.md §7).
-- Prices and point distances are INTEGER counts of 1/10000 point (org.aftm.domain.model.Price
-- units), so they are exact: 21999.5 is stored as 219995000. Columns holding them end in _units.
-- Times are epoch milliseconds. STRICT tables refuse a REAL or TEXT in an INTEGER column.
-- There is no password column anywhere: the password never leaves the main process's memory.

-- Conditions: the operator's spec plus the state the strategy must find again after a restart.
-- AUTOINCREMENT so that an id is never reused, not even after a delete: a signal or an order note
-- naming condition 7 always means the same condition. A delete is soft (deleted_at_ms) so that
-- the audit trail can still say what a deleted condition was.
CREATE TABLE conditions (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    item_code                 TEXT    NOT NULL,
    action                    TEXT    NOT NULL CHECK (action IN ('buy', 'sell')),
    spec_trigger_price_units  INTEGER NOT NULL CHECK (spec_trigger_price_units > 0),
    turning_point_units       INTEGER NOT NULL CHECK (turning_point_units >= 0),
    quantity                  INTEGER NOT NULL CHECK (quantity > 0),
    take_profit_point_units   INTEGER NOT NULL CHECK (take_profit_point_units > 0),
    stop_loss_point_units     INTEGER NOT NULL CHECK (stop_loss_point_units > 0),
    following                 INTEGER NOT NULL CHECK (following IN (0, 1)),
    state                     TEXT    NOT NULL CHECK (state IN ('new', 'triggered', 'ordered', 'exited')),
    trigger_price_units       INTEGER NOT NULL,
    entry_price_units         INTEGER,
    exit_price_units          INTEGER,
    created_at_ms             INTEGER NOT NULL,
    updated_at_ms             INTEGER NOT NULL,
    deleted_at_ms             INTEGER
) STRICT;

CREATE INDEX conditions_live ON conditions (state) WHERE deleted_at_ms IS NULL;

-- The order audit trail of ADR 0001: the request is written before it goes to the broker, the
-- answer (answered_at_ms and the columns before it) when it comes back. A request without an
-- answer means the gateway stopped mid-order: nobody knows whether the broker placed it.
-- client_order_id is UNIQUE (NULLs are distinct in SQLite), so a retry can never be recorded,
-- and so never placed, twice.
CREATE TABLE orders (
    audit_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_account    TEXT    NOT NULL,
    item_code        TEXT    NOT NULL,
    side             TEXT    NOT NULL,
    order_type       TEXT    NOT NULL,
    price_units      INTEGER NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    open_close       TEXT    NOT NULL,
    note             TEXT    NOT NULL,
    day_trade        TEXT    NOT NULL,
    time_in_force    TEXT    NOT NULL,
    client_order_id  TEXT    UNIQUE,
    requested_at_ms  INTEGER NOT NULL,
    is_send_order    INTEGER CHECK (is_send_order IN (0, 1)),
    answer_note      TEXT,
    order_serial     TEXT,
    error_code       TEXT,
    error_message    TEXT,
    status           TEXT,
    filled_quantity  INTEGER,
    answered_at_ms   INTEGER
) STRICT;

CREATE INDEX orders_by_serial ON orders (order_serial);

-- Every fill as it arrived from the broker.
CREATE TABLE fills (
    fill_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_serial     TEXT    NOT NULL,
    order_account    TEXT    NOT NULL,
    item_code        TEXT    NOT NULL,
    side             TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    price_units      INTEGER NOT NULL,
    filled_at_ms     INTEGER NOT NULL,
    recorded_at_ms   INTEGER NOT NULL
) STRICT;

CREATE INDEX fills_by_account ON fills (order_account, fill_id);
CREATE INDEX fills_by_serial ON fills (order_serial);

-- Positions as last known from the broker, replaced as a whole per account.
CREATE TABLE positions (
    account                      TEXT    NOT NULL,
    item_code                    TEXT    NOT NULL,
    quantity                     INTEGER NOT NULL,
    average_price_units          INTEGER NOT NULL,
    last_price_units             INTEGER NOT NULL,
    realized_pnl_points_units    INTEGER NOT NULL,
    unrealized_pnl_points_units  INTEGER NOT NULL,
    point_value                  INTEGER NOT NULL,
    saved_at_ms                  INTEGER NOT NULL,
    PRIMARY KEY (account, item_code)
) STRICT;

-- The non-secret session: a single row (id = 1).
CREATE TABLE session (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    account        TEXT,
    order_account  TEXT,
    item_code      TEXT,
    saved_at_ms    INTEGER NOT NULL
) STRICT;
