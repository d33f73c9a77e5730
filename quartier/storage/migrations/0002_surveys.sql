-- Surveys: versions, events (as tags), responses with answers as stable codes, drafts
-- that survive a reload, kiosk PINs and the small-group threshold per Quartier.
--
-- Responses and answers are append-only. Nothing here stores an IP address, a user
-- agent or any other device data. A survey's status lives in plain columns (see the
-- DuckDB rule in 0001): the survey row is referenced by versions and responses.

CREATE TABLE quartier_privacy (
    quartier_id    BIGINT PRIMARY KEY REFERENCES quartiers (id),
    min_group_size INTEGER NOT NULL CHECK (min_group_size >= 3)
);

-- Events are tags for now (title, day, place); the events issue grows them.
CREATE SEQUENCE events_id_seq START 1;
CREATE TABLE events (
    id          BIGINT PRIMARY KEY DEFAULT nextval('events_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    title       VARCHAR NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    starts_on   DATE NOT NULL,
    place       VARCHAR NOT NULL DEFAULT '' CHECK (length(place) <= 120),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_quartier_idx ON events (quartier_id);

CREATE SEQUENCE surveys_id_seq START 1;
CREATE TABLE surveys (
    id              BIGINT PRIMARY KEY DEFAULT nextval('surveys_id_seq'),
    quartier_id     BIGINT NOT NULL REFERENCES quartiers (id),
    status          VARCHAR NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    current_version INTEGER NOT NULL DEFAULT 1,
    opens_at        TIMESTAMPTZ,
    closes_at       TIMESTAMPTZ,
    created_by      BIGINT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);
CREATE INDEX surveys_quartier_idx ON surveys (quartier_id);

-- Every version of a survey, immutable. ``definition`` is the JSON of
-- quartier.surveys.model.SurveyDefinition; ``skipped`` lists imported rows we do not
-- support (JSON), shown to the coordinator before opening.
CREATE TABLE survey_versions (
    survey_id   BIGINT NOT NULL REFERENCES surveys (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    definition  JSON NOT NULL,
    skipped     JSON NOT NULL DEFAULT '[]',
    source      VARCHAR NOT NULL CHECK (source IN ('builder', 'xlsform', 'demo')),
    created_by  BIGINT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (survey_id, version)
);

-- One row per submitted form. ``token`` is the form instance's key: a second submit
-- with the same token (double tap, retried request) finds this row instead of adding one.
CREATE SEQUENCE responses_id_seq START 1;
CREATE TABLE responses (
    id           BIGINT PRIMARY KEY DEFAULT nextval('responses_id_seq'),
    token        VARCHAR NOT NULL UNIQUE CHECK (length(token) BETWEEN 16 AND 64),
    quartier_id  BIGINT NOT NULL REFERENCES quartiers (id),
    survey_id    BIGINT NOT NULL REFERENCES surveys (id),
    version      INTEGER NOT NULL,
    channel      VARCHAR NOT NULL CHECK (channel IN ('online', 'qr', 'kiosk', 'papier')),
    event_id     BIGINT REFERENCES events (id),
    language     VARCHAR NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
    submitted_at TIMESTAMPTZ NOT NULL,
    entered_by   BIGINT REFERENCES users (id)
);
CREATE INDEX responses_survey_idx ON responses (survey_id);

-- Answers in long form: one row per answered question; multiple choice and ranking
-- one row per chosen code (``position`` = rank, 1 is first). Codes, never labels.
CREATE TABLE answers (
    response_id BIGINT NOT NULL,
    quartier_id BIGINT NOT NULL,
    survey_id   BIGINT NOT NULL,
    question    VARCHAR NOT NULL,
    choice      VARCHAR,
    position    INTEGER,
    number      DOUBLE,
    text        VARCHAR CHECK (length(text) <= 5000)
);
CREATE INDEX answers_survey_idx ON answers (survey_id, question);

-- Free-text answers hidden by moderation (append-only; the answer itself stays).
CREATE TABLE hidden_answers (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    response_id BIGINT NOT NULL,
    question    VARCHAR NOT NULL,
    hidden_by   BIGINT NOT NULL,
    hidden_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (response_id, question)
);

-- Half-filled forms under a random resume key from the URL; no personal data beyond
-- the answers themselves, deleted on submit and after they expire.
CREATE TABLE survey_drafts (
    resume_key  VARCHAR PRIMARY KEY CHECK (length(resume_key) BETWEEN 16 AND 64),
    quartier_id BIGINT NOT NULL,
    survey_id   BIGINT NOT NULL,
    version     INTEGER NOT NULL,
    answers     JSON NOT NULL,
    page        INTEGER NOT NULL DEFAULT 0,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- The PIN that lets staff leave kiosk mode on a shared tablet (argon2 hash).
CREATE TABLE kiosk_pins (
    quartier_id BIGINT PRIMARY KEY REFERENCES quartiers (id),
    pin_hash    VARCHAR NOT NULL,
    set_by      BIGINT NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
