-- The one durable queue for background work (large imports, reminders, e-mail), shared
-- by every app process on the database. A process claims a job with one atomic UPDATE
-- and holds it for a lease it renews while it works; a job whose process died is
-- claimed again once its lease ran out. A job given a key is enqueued once per key,
-- which is how a reminder is sent once however many processes look for it.
CREATE TABLE jobs (
    id {{id}},
    kind TEXT NOT NULL,
    unique_key TEXT UNIQUE,
    payload TEXT NOT NULL DEFAULT '{}',
    -- queued, running, done, failed
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    run_at {{timestamp}} NOT NULL,
    locked_by TEXT NOT NULL DEFAULT '',
    locked_until {{timestamp}},
    progress_done BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT NOT NULL DEFAULT 0,
    result TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    finished_at {{timestamp}}
);
-- What a worker looks for: queued jobs that are due, and running jobs whose lease ran out.
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_finished ON jobs (finished_at);

-- What a user is told inside thidua (the bell), one row per recipient.
CREATE TABLE notifications (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    read_at {{timestamp}},
    -- set once the notification went out by e-mail, immediately or in a digest
    mailed_at {{timestamp}}
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unmailed ON notifications (mailed_at, user_id);

-- Every e-mail thidua sends, kept whether or not it could be sent: without SMTP
-- settings the office reads them on the outbox page.
CREATE TABLE email_outbox (
    id {{id}},
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- pending (no SMTP, or waiting to be sent), sent, failed
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    sent_at {{timestamp}}
);
CREATE INDEX email_outbox_created ON email_outbox (created_at);
CREATE INDEX email_outbox_state ON email_outbox (state, id);

-- immediate: an e-mail for every notification; digest: one e-mail a day with all of them.
ALTER TABLE users ADD COLUMN notify_mode TEXT NOT NULL DEFAULT 'immediate';
