-- mtrack schema, version 3: an event can change the agreement's amounts.
--
-- A step of an agreement's history (a conditional commitment, financial close, a
-- restructuring) may state a new headline value or ceiling; it is kept on the event, in the
-- same exact form as on agreements (integer hundredths of the major unit). Events stored
-- before this version changed no amount, so the new columns start empty.
ALTER TABLE events ADD COLUMN value_minor INTEGER;
ALTER TABLE events ADD COLUMN value_currency TEXT;
ALTER TABLE events ADD COLUMN value_approximate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN value_as_written TEXT;
ALTER TABLE events ADD COLUMN ceiling_minor INTEGER;
ALTER TABLE events ADD COLUMN ceiling_currency TEXT;
ALTER TABLE events ADD COLUMN ceiling_approximate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN ceiling_as_written TEXT;
