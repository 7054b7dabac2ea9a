-- A counter that moves only when a condition is added or deleted, so a running strategy can ask
-- "did the operator change the conditions?" once per tick for the price of one primary-key read,
-- and is not sent reloading by the order and fill writes of the main process, nor by its own
-- state saves.
CREATE TABLE condition_revision (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
) STRICT;

INSERT INTO condition_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER condition_added AFTER INSERT ON conditions
BEGIN
  UPDATE condition_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER condition_deleted AFTER UPDATE OF deleted_at_ms ON conditions
WHEN NEW.deleted_at_ms IS NOT NULL AND OLD.deleted_at_ms IS NULL
BEGIN
  UPDATE condition_revision SET revision = revision + 1 WHERE id = 1;
END;
