-- Business dialogues (gặp gỡ, đối thoại doanh nghiệp): target T4 counts those held in
-- each calendar year. The questions raised at a dialogue are petitions with channel
-- "dialogue" and the dialogue's id, so that their follow-up is the petitions' own.
CREATE TABLE dialogues (
    id {{id}},
    title TEXT NOT NULL,
    -- the civil date in Vietnam, YYYY-MM-DD, and the start time HH:MM
    held_on TEXT NOT NULL,
    starts_at TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL,
    -- the leader who chairs, as the minutes name them ("Ông Trần Văn Vương, Phó Giám đốc Sở")
    chair TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '',
    -- host: the department organises it; guest: it takes part in another body's
    -- (the plan counts both: "tổ chức hoặc tham gia")
    role TEXT NOT NULL DEFAULT 'host',
    organiser TEXT NOT NULL DEFAULT '',
    -- planned, held, cancelled
    state TEXT NOT NULL,
    -- last day enterprises may register, YYYY-MM-DD; NULL: until the day before
    registration_until TEXT,
    -- what the minutes record once it was held
    conclusions TEXT NOT NULL DEFAULT '',
    minutes_number TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX dialogues_held_on ON dialogues (held_on, state);
CREATE INDEX dialogues_state ON dialogues (state, held_on);

-- The sectors invited; a dialogue with none is open to every enterprise.
CREATE TABLE dialogue_sectors (
    dialogue_id BIGINT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (dialogue_id, sector)
);

-- Enterprises invited, registered and present.
CREATE TABLE dialogue_participants (
    dialogue_id BIGINT NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    invited BOOLEAN NOT NULL DEFAULT FALSE,
    registered_at {{timestamp}},
    representative TEXT NOT NULL DEFAULT '',
    attended BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (dialogue_id, enterprise_id)
);
CREATE INDEX dialogue_participants_enterprise ON dialogue_participants (enterprise_id, dialogue_id);
