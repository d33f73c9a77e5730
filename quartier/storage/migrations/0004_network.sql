-- The actor network: dated ties between actors, the fields of action of an actor as
-- rows, links from actors to events and measures, and who entered what when.
--
-- DuckDB cannot update a list column (or an indexed one) of a row that another row
-- references. Working-group members and measures reference actors, so an actor's
-- fields of action move to their own table; ``actors.fields_of_action`` is copied here
-- once and no longer read or written. Links to events and measures carry no foreign
-- key to those rows, so events and measures stay editable; the code checks them.

ALTER TABLE actors ADD COLUMN created_by BIGINT;  -- users.id of who entered the actor
ALTER TABLE actors ADD COLUMN updated_by BIGINT;
ALTER TABLE actors ADD COLUMN updated_at TIMESTAMPTZ;

CREATE TABLE actor_fields (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    actor_id    BIGINT NOT NULL REFERENCES actors (id),
    field       VARCHAR NOT NULL CHECK (field IN (
                    'kinder_jugend', 'interkulturelles', 'bildung', 'nachbarschaft',
                    'wohnen_umfeld', 'gesundheit', 'arbeit', 'beratung')),
    PRIMARY KEY (actor_id, field)
);
INSERT INTO actor_fields (quartier_id, actor_id, field)
SELECT DISTINCT quartier_id, id, unnest(fields_of_action) FROM actors;

-- A tie between two actors of one Quartier. Direction matters for Förderung (funder →
-- funded), Mitgliedschaft (member → umbrella) and Vermittlung (from → to); the metrics
-- treat every tie as undirected. An open end date means the tie still holds.
CREATE SEQUENCE ties_id_seq START 1;
CREATE TABLE ties (
    id          BIGINT PRIMARY KEY DEFAULT nextval('ties_id_seq'),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    source_id   BIGINT NOT NULL REFERENCES actors (id),
    target_id   BIGINT NOT NULL REFERENCES actors (id),
    tie_type    VARCHAR NOT NULL CHECK (tie_type IN (
                    'kooperation', 'foerderung', 'mitgliedschaft', 'vermittlung',
                    'kooperationsvertrag')),
    strength    SMALLINT NOT NULL DEFAULT 2 CHECK (strength BETWEEN 1 AND 3),
    starts_on   DATE,
    ends_on     DATE,
    notes       VARCHAR NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_by  BIGINT,  -- users.id
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by  BIGINT,
    updated_at  TIMESTAMPTZ,
    CHECK (source_id <> target_id),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX ties_quartier_idx ON ties (quartier_id);

-- Actors as organisers, partners or venues of events.
CREATE TABLE event_actors (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    event_id    BIGINT NOT NULL,  -- events.id, checked by the code
    actor_id    BIGINT NOT NULL REFERENCES actors (id),
    role        VARCHAR NOT NULL CHECK (role IN ('veranstalter', 'partner', 'ort')),
    PRIMARY KEY (event_id, actor_id, role)
);

-- Actors funding or partnering a measure (the responsible actor is measures.responsible_actor_id).
CREATE TABLE measure_actors (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    measure_id  BIGINT NOT NULL,  -- measures.id, checked by the code
    actor_id    BIGINT NOT NULL REFERENCES actors (id),
    role        VARCHAR NOT NULL CHECK (role IN ('foerderer', 'partner')),
    PRIMARY KEY (measure_id, actor_id, role)
);
