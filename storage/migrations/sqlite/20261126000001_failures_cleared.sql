-- When the account's failed logins were last forgiven: a completed password reset, a new
-- starting password from the administrator, or an unblock. The per-account login throttle
-- counts only failures after it; NULL means never. Milliseconds since the Unix epoch (UTC).
ALTER TABLE users ADD COLUMN failures_cleared_at INTEGER;
