-- Every snapshot update rewrites a row of indicator_current without changing an indexed column.
-- With room left on each page, PostgreSQL writes the new row version beside the old one (a HOT
-- update) and adds no index entries; a full page forces an entry in both indexes per update.
-- Applies to pages written from now on (a VACUUM FULL would repack the existing ones).
ALTER TABLE indicator_current SET (fillfactor = 70);
