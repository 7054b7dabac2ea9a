-- AFTM schema, version 4: the trading state, the day's realized P&L and the operator's decisions of
-- reconciliation (docs/architecture.md §12), so that all three survive a restart of the main
-- process. Same rules as version 1: money is INTEGER units of 1/10000 (org.aftm.domain.model.Price
-- units), times are epoch milliseconds, STRICT tables.

-- The trading state (org.aftm.domain.risk.TradingStatus): a single row (id = 1), absent on a
-- fresh install.
CREATE TABLE trading_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    state      TEXT    NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
    reason     TEXT    NOT NULL,
    automatic  INTEGER NOT NULL CHECK (automatic IN (0, 1)),
    since_ms   INTEGER NOT NULL
) STRICT;

-- The realized P&L in TWD of each trading day (yyyy-MM-dd, the exchange's calendar day of the
-- session), replaced as it changes; the daily loss limit reads it back after a restart.
CREATE TABLE daily_pnl (
    trading_day         TEXT    PRIMARY KEY CHECK (trading_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    realized_pnl_units  INTEGER NOT NULL,
    updated_ms          INTEGER NOT NULL
) STRICT;

-- Each decision of reconciliation the operator took (accepting the broker's view), with what
-- disagreed: part of the audit trail, never updated nor deleted.
CREATE TABLE reconciliation_decisions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms        INTEGER NOT NULL,
    decision     TEXT    NOT NULL,
    differences  TEXT    NOT NULL
) STRICT;
