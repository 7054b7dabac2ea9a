-- AFTM schema, version 3: the closed loop. Conditions move on order outcomes (fills, refusals)
-- instead of on the signals they emit, and the main process keeps each order's lifecycle.
-- Same rules as version 1: prices and costs are INTEGER units of 1/10000 point, times are epoch
-- milliseconds, STRICT tables.

-- 1. Conditions: new states and the order progress (org.aftm.domain.condition.ConditionProgress).
-- SQLite cannot change a CHECK, so the table is rebuilt: create, copy, drop, rename. Every row is
-- copied with its id, deleted ones included, and the AUTOINCREMENT sequence is carried over, so an
-- id is still never reused.
--
-- Costs (*_cost_*) are sums of price units × lots over fills, so an average fill price stays exact
-- and a partial fill adds without rounding. entry_final / exit_attempt_final say whether the
-- current attempt can fill no more. exit_step says why the exit was sent.
--
-- Pre-V3 rows kept their entry and exit SIGNAL prices (what the strategy asked for, not what
-- filled); they stay in legacy_entry_signal_price_units / legacy_exit_signal_price_units for the
-- record and are read by nothing. Rows from version 3 on leave them NULL. An old 'ordered' row
-- stays 'ordered' with entry_attempts = 1 (its entry order, aftm-<id>-entry, is out), so the
-- strategy waits for that order's outcome; an old 'exited' row stays 'exited' (finished) with one
-- attempt per leg and no fills, since nothing recorded what filled before version 3.
CREATE TABLE conditions_v3 (
    id                              INTEGER PRIMARY KEY AUTOINCREMENT,
    item_code                       TEXT    NOT NULL,
    action                          TEXT    NOT NULL CHECK (action IN ('buy', 'sell')),
    spec_trigger_price_units        INTEGER NOT NULL CHECK (spec_trigger_price_units > 0),
    turning_point_units             INTEGER NOT NULL CHECK (turning_point_units >= 0),
    quantity                        INTEGER NOT NULL CHECK (quantity > 0),
    take_profit_point_units         INTEGER NOT NULL CHECK (take_profit_point_units > 0),
    stop_loss_point_units           INTEGER NOT NULL CHECK (stop_loss_point_units > 0),
    following                       INTEGER NOT NULL CHECK (following IN (0, 1)),
    state                           TEXT    NOT NULL CHECK (state IN
        ('new', 'triggered', 'ordered', 'entered', 'exiting', 'exited', 'failed')),
    trigger_price_units             INTEGER NOT NULL,
    entry_attempts                  INTEGER NOT NULL DEFAULT 0 CHECK (entry_attempts >= 0),
    entry_filled                    INTEGER NOT NULL DEFAULT 0 CHECK (entry_filled >= 0),
    entry_cost_units                INTEGER NOT NULL DEFAULT 0,
    entry_final                     INTEGER NOT NULL DEFAULT 0 CHECK (entry_final IN (0, 1)),
    exit_attempts                   INTEGER NOT NULL DEFAULT 0 CHECK (exit_attempts >= 0),
    exit_step                       TEXT    CHECK (exit_step IN ('took_profit', 'stopped_out')),
    exit_filled_before              INTEGER NOT NULL DEFAULT 0 CHECK (exit_filled_before >= 0),
    exit_cost_before                INTEGER NOT NULL DEFAULT 0,
    exit_attempt_filled             INTEGER NOT NULL DEFAULT 0 CHECK (exit_attempt_filled >= 0),
    exit_attempt_cost               INTEGER NOT NULL DEFAULT 0,
    exit_attempt_final              INTEGER NOT NULL DEFAULT 0 CHECK (exit_attempt_final IN (0, 1)),
    failure                         TEXT    NOT NULL DEFAULT '',
    legacy_entry_signal_price_units INTEGER,
    legacy_exit_signal_price_units  INTEGER,
    created_at_ms                   INTEGER NOT NULL,
    updated_at_ms                   INTEGER NOT NULL,
    deleted_at_ms                   INTEGER
) STRICT;

INSERT INTO conditions_v3 (
    id, item_code, action, spec_trigger_price_units, turning_point_units, quantity,
    take_profit_point_units, stop_loss_point_units, following, state, trigger_price_units,
    entry_attempts, entry_final, exit_attempts, exit_attempt_final,
    legacy_entry_signal_price_units, legacy_exit_signal_price_units,
    created_at_ms, updated_at_ms, deleted_at_ms)
SELECT
    id, item_code, action, spec_trigger_price_units, turning_point_units, quantity,
    take_profit_point_units, stop_loss_point_units, following, state, trigger_price_units,
    CASE WHEN state IN ('ordered', 'exited') THEN 1 ELSE 0 END,
    CASE WHEN state = 'exited' THEN 1 ELSE 0 END,
    CASE WHEN state = 'exited' THEN 1 ELSE 0 END,
    CASE WHEN state = 'exited' THEN 1 ELSE 0 END,
    entry_price_units, exit_price_units,
    created_at_ms, updated_at_ms, deleted_at_ms
FROM conditions;

-- Copying explicit ids set the new sequence to the highest id copied; the old sequence may be
-- higher (an id handed out by an insert whose row is gone), so keep the larger of the two.
UPDATE sqlite_sequence
SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'conditions'), 0))
WHERE name = 'conditions_v3';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'conditions_v3', seq FROM sqlite_sequence
WHERE name = 'conditions' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'conditions_v3');

-- The revision counter of version 2 goes: the running strategy now gets condition changes as
-- commands from the main process instead of polling the database. Dropping the old table drops
-- its triggers with it.
DROP TABLE conditions;
DROP TABLE condition_revision;
ALTER TABLE conditions_v3 RENAME TO conditions;

CREATE INDEX conditions_live ON conditions (state) WHERE deleted_at_ms IS NULL;

-- 2. Orders: each row is also the order's lifecycle (org.aftm.domain.order.Order), kept by the
-- main process's order journal. The answer columns of version 1 stay the answer to send_order;
-- order_state, filled_quantity, filled_cost_units, state_reason and updated_at_ms follow the
-- order after it, event by event (filled_quantity and error_code are shared: the journal keeps
-- them current, the answer only fills them in while the journal has not).
-- closes_client_order_id: for an exit, the entry it closes.
-- order_state: where the order is now; a row starts 'submitted'. Rows from before version 3 take
-- it from their answer, and a request without an answer becomes 'unknown': nobody knows whether
-- the broker placed it.
-- filled_cost_units: sum of price units × lots over the fills the lifecycle applied. Before
-- version 3 nothing recorded fill prices per order (fills were not linked to orders), so old rows
-- with fills get their order price × filled lots: exact for a limit order filled at its price, 0
-- for a market order. Only pre-V3 rows carry that estimate.
ALTER TABLE orders ADD COLUMN closes_client_order_id TEXT;
ALTER TABLE orders ADD COLUMN order_state TEXT NOT NULL DEFAULT 'submitted' CHECK (order_state IN
    ('submitted', 'accepted', 'partially_filled', 'filled', 'rejected', 'cancelled', 'expired',
     'unknown'));
ALTER TABLE orders ADD COLUMN filled_cost_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN state_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN updated_at_ms INTEGER;

UPDATE orders SET
    order_state = CASE
        WHEN answered_at_ms IS NULL THEN 'unknown'
        WHEN is_send_order = 0 THEN 'rejected'
        WHEN status IN ('accepted', 'partially_filled', 'filled', 'rejected', 'cancelled')
            THEN status
        ELSE 'unknown' END,
    state_reason = CASE
        WHEN answered_at_ms IS NULL
            THEN 'recorded before schema version 3 without an answer: check at the broker'
        ELSE coalesce(error_message, '') END,
    filled_cost_units = coalesce(filled_quantity, 0) * price_units,
    updated_at_ms = coalesce(answered_at_ms, requested_at_ms);

-- The exits of an entry, so an exit is capped by what its own entry has left open after a restart.
CREATE INDEX orders_by_closes ON orders (closes_client_order_id)
    WHERE closes_client_order_id IS NOT NULL;

-- The lifecycle's working orders, for the main process's restart.
CREATE INDEX orders_working ON orders (audit_id)
    WHERE order_state IN ('submitted', 'accepted', 'partially_filled', 'unknown');

-- 3. Fills: linked to their order by client_order_id, and carrying the broker's execution id, so
-- that a repeated execution report is stored once: the unique index refuses the second copy
-- (rows without both ids, such as those from before version 3, are not compared). Empty ids are
-- stored as NULL for the same reason.
-- journaled: 1 once the order journal has applied the fill to its order's row. The fill recorder
-- may store a fill before the lifecycle applies it; only journaled fills count as the order's
-- executions after a restart, so a fill stored but never applied is still applied when the broker
-- reports it again instead of being taken for a repeat.
ALTER TABLE fills ADD COLUMN client_order_id TEXT;
ALTER TABLE fills ADD COLUMN execution_id TEXT;
ALTER TABLE fills ADD COLUMN journaled INTEGER NOT NULL DEFAULT 0 CHECK (journaled IN (0, 1));

CREATE UNIQUE INDEX fills_once ON fills (client_order_id, execution_id)
    WHERE client_order_id IS NOT NULL AND execution_id IS NOT NULL;
CREATE INDEX fills_by_order ON fills (client_order_id, fill_id);
