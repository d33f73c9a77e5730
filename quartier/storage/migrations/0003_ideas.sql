-- From idea to measure: ideas and their moderation, working groups, prioritisation
-- rounds with append-only ballots, and measures with milestones.
--
-- DuckDB rules that shape this schema: a row referenced by a foreign key cannot have an
-- indexed column updated, and two transactions updating the same row conflict. So
-- ballots are append-only (the latest per voter counts), moderation writes a history
-- row next to the few plain state columns it changes, and stages such as "in
-- Priorisierung" or "Maßnahme" are derived from rounds and measures, never stored.

CREATE SEQUENCE working_groups_id_seq START 1;
CREATE TABLE working_groups (
    id          BIGINT PRIMARY KEY DEFAULT nextval('working_groups_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    name        VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    theme       VARCHAR NOT NULL DEFAULT '' CHECK (length(theme) <= 1000),
    is_archived BOOLEAN NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX working_groups_quartier_idx ON working_groups (quartier_id);

-- Members are accounts (role member or staff), optionally standing for an actor.
CREATE TABLE working_group_members (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    group_id    BIGINT NOT NULL REFERENCES working_groups (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    actor_id    BIGINT REFERENCES actors (id),
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE working_group_meetings (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    group_id    BIGINT NOT NULL REFERENCES working_groups (id),
    meets_on    DATE NOT NULL,
    note        VARCHAR NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    PRIMARY KEY (group_id, meets_on)
);

-- An idea. Only a hash of the receipt code is kept: the code is the author's key to
-- the status page, and nothing links an idea to any survey response.
CREATE SEQUENCE ideas_id_seq START 1;
CREATE TABLE ideas (
    id              BIGINT PRIMARY KEY DEFAULT nextval('ideas_id_seq'),
    quartier_id     BIGINT NOT NULL REFERENCES quartiers (id),
    receipt_hash    VARCHAR NOT NULL UNIQUE,
    title           VARCHAR NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    description     VARCHAR NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    field_of_action VARCHAR CHECK (field_of_action IN (
                        'kinder_jugend', 'interkulturelles', 'bildung', 'nachbarschaft',
                        'wohnen_umfeld', 'gesundheit', 'arbeit', 'beratung')),
    place           VARCHAR NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    language        VARCHAR NOT NULL CHECK (length(language) BETWEEN 2 AND 12),
    author_name     VARCHAR CHECK (length(author_name) <= 80),
    author_contact  VARCHAR CHECK (length(author_contact) <= 200),
    consent_at      TIMESTAMPTZ,
    channel         VARCHAR NOT NULL CHECK (channel IN ('online', 'qr', 'kiosk', 'papier')),
    event_id        BIGINT REFERENCES events (id),
    submitted_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Moderation state (plain columns; the history is in idea_history).
    status          VARCHAR NOT NULL DEFAULT 'eingereicht'
                    CHECK (status IN ('eingereicht', 'veroeffentlicht', 'abgelehnt', 'duplikat')),
    group_id        BIGINT REFERENCES working_groups (id),
    duplicate_of    BIGINT,
    reason          VARCHAR NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    edit_note       VARCHAR NOT NULL DEFAULT '' CHECK (length(edit_note) <= 300),
    -- A name or contact is stored only with consent.
    CHECK ((author_name IS NULL AND author_contact IS NULL) OR consent_at IS NOT NULL)
);
CREATE INDEX ideas_quartier_idx ON ideas (quartier_id);

-- Every moderation step, for the status page's path and for accountability.
CREATE TABLE idea_history (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    idea_id     BIGINT NOT NULL REFERENCES ideas (id),
    happened_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    action      VARCHAR NOT NULL CHECK (action IN (
                    'eingereicht', 'veroeffentlicht', 'abgelehnt', 'duplikat',
                    'zugewiesen', 'bearbeitet')),
    by_user     BIGINT REFERENCES users (id),
    detail      VARCHAR NOT NULL DEFAULT '' CHECK (length(detail) <= 4000)
);

-- "Me too": a resident joins an existing idea instead of writing a duplicate.
CREATE TABLE idea_supports (
    quartier_id  BIGINT NOT NULL REFERENCES quartiers (id),
    idea_id      BIGINT NOT NULL REFERENCES ideas (id),
    channel      VARCHAR NOT NULL CHECK (channel IN ('online', 'qr', 'kiosk', 'papier')),
    supported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A prioritisation round of one working group over a set of ideas.
CREATE SEQUENCE rounds_id_seq START 1;
CREATE TABLE rounds (
    id                BIGINT PRIMARY KEY DEFAULT nextval('rounds_id_seq'),
    quartier_id       BIGINT NOT NULL REFERENCES quartiers (id),
    group_id          BIGINT NOT NULL REFERENCES working_groups (id),
    title             VARCHAR NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    method            VARCHAR NOT NULL
                      CHECK (method IN ('punkte', 'kriterien', 'rangfolge', 'aktionsfonds')),
    winners           INTEGER CHECK (winners IS NULL OR winners >= 1),
    dots_per_member   INTEGER CHECK (dots_per_member IS NULL OR dots_per_member BETWEEN 1 AND 100),
    max_dots_per_idea INTEGER CHECK (max_dots_per_idea IS NULL OR max_dots_per_idea >= 1),
    budget_cents      BIGINT CHECK (budget_cents IS NULL OR budget_cents >= 0),
    cap_cents         BIGINT CHECK (cap_cents IS NULL OR cap_cents >= 0),
    closes_at         TIMESTAMPTZ NOT NULL,
    closed_at         TIMESTAMPTZ,
    created_by        BIGINT REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX rounds_quartier_idx ON rounds (quartier_id);

CREATE TABLE round_ideas (
    quartier_id     BIGINT NOT NULL REFERENCES quartiers (id),
    round_id        BIGINT NOT NULL REFERENCES rounds (id),
    idea_id         BIGINT NOT NULL REFERENCES ideas (id),
    requested_cents BIGINT CHECK (requested_cents IS NULL OR requested_cents >= 0),
    PRIMARY KEY (round_id, idea_id)
);

-- Who may vote (the group's members, or the jury of an Aktionsfonds round).
CREATE TABLE round_voters (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    round_id    BIGINT NOT NULL REFERENCES rounds (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (round_id, user_id)
);

-- Criteria of a scoring round, with their visible weights; inverted criteria count
-- a low score as good (effort, cost).
CREATE TABLE round_criteria (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    round_id    BIGINT NOT NULL REFERENCES rounds (id),
    position    INTEGER NOT NULL CHECK (position >= 0),
    name        VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    weight      DOUBLE NOT NULL CHECK (weight > 0 AND weight <= 10),
    is_inverted BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (round_id, position)
);

-- Append-only ballots: a voter's latest ballot in a round counts.
CREATE SEQUENCE ballots_id_seq START 1;
CREATE TABLE ballots (
    id          BIGINT PRIMARY KEY DEFAULT nextval('ballots_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    round_id    BIGINT NOT NULL REFERENCES rounds (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    cast_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ballots_round_idx ON ballots (round_id);

-- One value per idea (dots, rank position, fund vote 1 yes / 0 no / -1 abstain) or per
-- idea and criterion (score 1-3).
CREATE TABLE ballot_items (
    quartier_id BIGINT NOT NULL,
    ballot_id   BIGINT NOT NULL,
    idea_id     BIGINT NOT NULL,
    criterion   INTEGER,
    value       INTEGER NOT NULL
);

-- The result of a round, written once when it is closed: rank, score and why an idea
-- was or was not chosen ('gleichstand' until the group settles the tie by hand).
CREATE TABLE round_results (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    round_id    BIGINT NOT NULL REFERENCES rounds (id),
    idea_id     BIGINT NOT NULL REFERENCES ideas (id),
    rank        INTEGER NOT NULL,
    score       DOUBLE NOT NULL,
    outcome     VARCHAR NOT NULL CHECK (outcome IN ('ausgewaehlt', 'nicht_ausgewaehlt', 'gleichstand')),
    reason      VARCHAR NOT NULL,
    PRIMARY KEY (round_id, idea_id)
);

-- Decisions a working group or jury takes by hand on tied ideas after closing.
CREATE TABLE round_decisions (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    round_id    BIGINT NOT NULL REFERENCES rounds (id),
    idea_id     BIGINT NOT NULL REFERENCES ideas (id),
    is_chosen   BOOLEAN NOT NULL,
    note        VARCHAR NOT NULL DEFAULT '' CHECK (length(note) <= 300),
    decided_by  BIGINT REFERENCES users (id),
    decided_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE measures_id_seq START 1;
CREATE TABLE measures (
    id                   BIGINT PRIMARY KEY DEFAULT nextval('measures_id_seq'),
    quartier_id          BIGINT NOT NULL REFERENCES quartiers (id),
    idea_id              BIGINT REFERENCES ideas (id),
    group_id             BIGINT REFERENCES working_groups (id),
    title                VARCHAR NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    description          VARCHAR NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    responsible          VARCHAR NOT NULL DEFAULT '' CHECK (length(responsible) <= 200),
    responsible_actor_id BIGINT REFERENCES actors (id),
    partners             VARCHAR NOT NULL DEFAULT '' CHECK (length(partners) <= 500),
    budget_cents         BIGINT CHECK (budget_cents IS NULL OR budget_cents >= 0),
    starts_on            DATE,
    ends_on              DATE,
    status               VARCHAR NOT NULL DEFAULT 'geplant'
                         CHECK (status IN ('geplant', 'in_umsetzung', 'umgesetzt', 'abgebrochen')),
    created_by           BIGINT REFERENCES users (id),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX measures_quartier_idx ON measures (quartier_id);

CREATE SEQUENCE milestones_id_seq START 1;
CREATE TABLE milestones (
    id          BIGINT PRIMARY KEY DEFAULT nextval('milestones_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    -- No foreign key: DuckDB would then refuse updates of the measure's own links.
    measure_id  BIGINT NOT NULL,
    title       VARCHAR NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    due_on      DATE NOT NULL,
    done_on     DATE
);
