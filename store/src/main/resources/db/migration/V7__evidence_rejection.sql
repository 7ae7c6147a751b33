-- Fazhi Pulse: where a refused row is and why, beside its evidence item, so that a clerk can find
-- and fix the rows dq.rejected counts: {"source", "position", "reason"}; null for an entity.
-- File names, rows, columns and reasons only, never a personal-data cell.
ALTER TABLE evidence_version ADD COLUMN rejection jsonb;
