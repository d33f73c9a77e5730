-- Events grow (type, times, organisers, languages, attendance), recurring offerings
-- with a session log, the population shares a coordinator enters from city statistics,
-- and a dated history of measure statuses for the dashboard.
--
-- DuckDB refuses ALTER TABLE ... ADD COLUMN with NOT NULL or CHECK on a table that
-- others reference (responses and ideas reference events), so an event's new fields
-- live in ``event_details``, one row per event, which nothing references and which
-- can therefore be updated freely. ``events`` keeps id, Quartier, title, start day and
-- place; the code writes both rows in one transaction.

CREATE TABLE event_details (
    event_id        BIGINT PRIMARY KEY REFERENCES events (id),
    quartier_id     BIGINT NOT NULL REFERENCES quartiers (id),
    event_type      VARCHAR NOT NULL DEFAULT 'sonstiges' CHECK (event_type IN (
                        'fest', 'sprechstunde', 'kurs', 'ag_sitzung',
                        'beteiligungswerkstatt', 'infoveranstaltung', 'sonstiges')),
    starts_at       TIME,            -- start time on events.starts_on; NULL = all day
    ends_on         DATE,            -- NULL = the same day
    ends_at         TIME,
    organisers      VARCHAR NOT NULL DEFAULT '' CHECK (length(organisers) <= 200),
    partners        VARCHAR NOT NULL DEFAULT '' CHECK (length(partners) <= 500),
    group_id        BIGINT REFERENCES working_groups (id),  -- e.g. an AG-Sitzung
    is_public       BOOLEAN NOT NULL DEFAULT true,          -- shown in the public calendar
    -- Attendance after the event: NULL = not recorded yet.
    attendance      INTEGER CHECK (attendance IS NULL OR attendance BETWEEN 0 AND 100000),
    attendance_at   TIMESTAMPTZ,
    attendance_by   BIGINT,          -- users.id
    created_by      BIGINT,
    updated_by      BIGINT,
    updated_at      TIMESTAMPTZ
);
INSERT INTO event_details (event_id, quartier_id) SELECT id, quartier_id FROM events;

-- Languages an event is offered in (interpretation, multilingual material).
CREATE TABLE event_languages (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    event_id    BIGINT NOT NULL REFERENCES events (id),
    language    VARCHAR NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
    PRIMARY KEY (event_id, language)
);

-- Optional attendance breakdowns: by age band or by language. The cells need not add up
-- to the total (not everyone is counted), but never exceed it (checked by the code).
CREATE TABLE event_attendance (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    event_id    BIGINT NOT NULL REFERENCES events (id),
    dimension   VARCHAR NOT NULL CHECK (dimension IN ('alter', 'sprache')),
    category    VARCHAR NOT NULL CHECK (length(category) BETWEEN 1 AND 12),
    people      INTEGER NOT NULL CHECK (people BETWEEN 0 AND 100000),
    PRIMARY KEY (event_id, dimension, category)
);

-- Recurring offerings (Angebote) and their session log.
CREATE SEQUENCE offerings_id_seq START 1;
CREATE TABLE offerings (
    id          BIGINT PRIMARY KEY DEFAULT nextval('offerings_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    title       VARCHAR NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    kind        VARCHAR NOT NULL CHECK (kind IN (
                    'sozialberatung', 'sprachkurs', 'behoerdenbegleitung',
                    'hausaufgabenhilfe', 'sonstiges')),
    place       VARCHAR NOT NULL DEFAULT '' CHECK (length(place) <= 120),
    schedule    VARCHAR NOT NULL DEFAULT '' CHECK (length(schedule) <= 120),  -- "dienstags 10–12 Uhr"
    organisers  VARCHAR NOT NULL DEFAULT '' CHECK (length(organisers) <= 200),
    is_active   BOOLEAN NOT NULL DEFAULT true,
    created_by  BIGINT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by  BIGINT,
    updated_at  TIMESTAMPTZ
);
CREATE INDEX offerings_quartier_idx ON offerings (quartier_id);

-- The languages an offering usually runs in (the session form's default).
CREATE TABLE offering_languages (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    offering_id BIGINT NOT NULL REFERENCES offerings (id),
    language    VARCHAR NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
    PRIMARY KEY (offering_id, language)
);

-- One held session. ``token`` is the form instance's key: a second submit of the same
-- form (double click) finds this row instead of adding one.
CREATE SEQUENCE offering_sessions_id_seq START 1;
CREATE TABLE offering_sessions (
    id          BIGINT PRIMARY KEY DEFAULT nextval('offering_sessions_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    offering_id BIGINT NOT NULL REFERENCES offerings (id),
    held_on     DATE NOT NULL,
    people      INTEGER NOT NULL CHECK (people BETWEEN 0 AND 100000),
    note        VARCHAR NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    token       VARCHAR UNIQUE CHECK (token IS NULL OR length(token) BETWEEN 16 AND 64),
    created_by  BIGINT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX offering_sessions_quartier_idx ON offering_sessions (quartier_id);

CREATE TABLE offering_session_languages (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    session_id  BIGINT NOT NULL REFERENCES offering_sessions (id),
    language    VARCHAR NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
    PRIMARY KEY (session_id, language)
);

-- Population shares by language from city statistics, per Quartier; replaced as a whole.
-- ``language`` is a language code or 'andere' (everything else). Shares add up to 100.
CREATE TABLE population_shares (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    language    VARCHAR NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
    share       DECIMAL(5, 2) NOT NULL CHECK (share > 0 AND share <= 100),
    PRIMARY KEY (quartier_id, language)
);
CREATE TABLE population_sources (
    quartier_id BIGINT PRIMARY KEY REFERENCES quartiers (id),
    source      VARCHAR NOT NULL DEFAULT '' CHECK (length(source) <= 200),
    as_of_year  INTEGER CHECK (as_of_year IS NULL OR as_of_year BETWEEN 1990 AND 2100),
    entered_by  BIGINT,
    entered_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every status a measure took, with its time: "finished in the period" for the dashboard
-- and the report. Existing measures get one row for their current status (a finished
-- one dated by its last milestone, else its creation).
CREATE TABLE measure_status_changes (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    measure_id  BIGINT NOT NULL,  -- measures.id (no foreign key, see milestones)
    status      VARCHAR NOT NULL
                CHECK (status IN ('geplant', 'in_umsetzung', 'umgesetzt', 'abgebrochen')),
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    changed_by  BIGINT
);
INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at)
SELECT m.quartier_id, m.id, m.status,
       CASE WHEN m.status = 'umgesetzt'
            THEN coalesce((SELECT max(done_on) FROM milestones ms WHERE ms.measure_id = m.id)::TIMESTAMPTZ,
                          m.created_at)
            ELSE m.created_at END
FROM measures m;
