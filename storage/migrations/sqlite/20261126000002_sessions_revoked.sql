-- Blocking a user (§2.7) revokes their sessions instead of deleting them: a revoked session never
-- works again, but until it would have expired its holder is told that the administrator cut
-- access rather than merely asked to sign in. NULL: not revoked. Milliseconds since the Unix epoch.
ALTER TABLE sessions ADD COLUMN revoked_at INTEGER;
