-- Files the system made for one user to download (rejected import rows, exports), kept
-- in the database so that any app process can serve them.
CREATE TABLE files (
    token TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content {{blob}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL
);
CREATE INDEX files_expires ON files (expires_at);
