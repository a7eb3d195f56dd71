-- Nominations (đề nghị khen thưởng), the awards council's sessions and secret ballot,
-- and the commendations decided: the history of each unit, enterprise and person.

-- A nomination of one staff member, unit or enterprise for one title in a year.
-- state: proposed, approved, rejected (by the council's vote), decided (in a decision)
CREATE TABLE award_nominations (
    id {{id}},
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_name TEXT NOT NULL,
    staff_id BIGINT REFERENCES staff(id),
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    subject TEXT NOT NULL,
    name TEXT NOT NULL,
    achievements TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    council_id BIGINT,
    votes_for INTEGER,
    votes_against INTEGER,
    voters INTEGER,
    created_by BIGINT REFERENCES users(id),
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (year, title, subject)
);
CREATE INDEX award_nominations_unit ON award_nominations (year, title, unit_id);
CREATE INDEX award_nominations_council ON award_nominations (council_id);

-- A council session: open (members and nominations being set), voting (the ballot
-- is open), closed (the ballot is closed and the results are known).
CREATE TABLE award_councils (
    id {{id}},
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    quorum_percent DOUBLE PRECISION,
    opened_at {{timestamp}},
    closed_at {{timestamp}},
    submission_number TEXT NOT NULL DEFAULT '',
    minutes_number TEXT NOT NULL DEFAULT '',
    decision_number TEXT NOT NULL DEFAULT '',
    decision_on TEXT,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

CREATE TABLE award_council_members (
    council_id BIGINT NOT NULL REFERENCES award_councils(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    staff_id BIGINT REFERENCES staff(id),
    present BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (council_id, user_id)
);

-- Secret ballot. award_voters records who voted on which nomination, never how;
-- award_tallies holds only the running counts, with no voter, order or time, so a
-- vote cannot be linked to the member who cast it. The counts are shown only once
-- the ballot is closed.
CREATE TABLE award_voters (
    council_id BIGINT NOT NULL REFERENCES award_councils(id) ON DELETE CASCADE,
    nomination_id BIGINT NOT NULL REFERENCES award_nominations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (council_id, nomination_id, user_id)
);

CREATE TABLE award_tallies (
    council_id BIGINT NOT NULL REFERENCES award_councils(id) ON DELETE CASCADE,
    nomination_id BIGINT NOT NULL REFERENCES award_nominations(id),
    votes_for INTEGER NOT NULL DEFAULT 0,
    votes_against INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (council_id, nomination_id)
);

-- A commendation given: by a decision of this department (council_id set), or an
-- earlier or higher one recorded for the history. story is the exemplary model's
-- account shown on the public page when public is true.
CREATE TABLE award_commendations (
    id {{id}},
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_name TEXT NOT NULL,
    staff_id BIGINT REFERENCES staff(id),
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    subject TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_name TEXT NOT NULL DEFAULT '',
    decision_number TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    issuer TEXT NOT NULL,
    council_id BIGINT REFERENCES award_councils(id),
    nomination_id BIGINT REFERENCES award_nominations(id),
    story TEXT NOT NULL DEFAULT '',
    public BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX award_commendations_subject ON award_commendations (subject, decided_on);
CREATE INDEX award_commendations_public ON award_commendations (public, decided_on);
