-- Foundation: installation metadata, neighbourhoods (Quartiere), accounts, login
-- sessions and the actors of each Quartier.
--
-- DuckDB rule that shapes this schema: a row referenced by a foreign key cannot have
-- an indexed (PRIMARY KEY/UNIQUE) column updated. Indexed columns are therefore
-- immutable here (usernames, slugs); changeable facts live in plain columns.

CREATE TABLE app_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
INSERT INTO app_meta VALUES ('installation_id', CAST(uuid() AS VARCHAR));

CREATE SEQUENCE quartiers_id_seq START 1;
CREATE TABLE quartiers (
    id             BIGINT PRIMARY KEY DEFAULT nextval('quartiers_id_seq'),
    slug           VARCHAR NOT NULL UNIQUE
                   CHECK (regexp_full_match(slug, '[a-z0-9]+(-[a-z0-9]+)*') AND length(slug) <= 40),
    name           VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    city           VARCHAR NOT NULL DEFAULT '' CHECK (length(city) <= 80),
    description    VARCHAR NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    office_address VARCHAR NOT NULL DEFAULT '' CHECK (length(office_address) <= 200),
    office_hours   VARCHAR NOT NULL DEFAULT '' CHECK (length(office_hours) <= 200),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE SEQUENCE users_id_seq START 1;
CREATE TABLE users (
    id            BIGINT PRIMARY KEY DEFAULT nextval('users_id_seq'),
    username      VARCHAR NOT NULL UNIQUE
                  CHECK (regexp_full_match(username, '[a-z0-9][a-z0-9._-]{2,39}')),
    display_name  VARCHAR NOT NULL DEFAULT '' CHECK (length(display_name) <= 80),
    role          VARCHAR NOT NULL CHECK (role IN ('member', 'coordinator', 'admin')),
    password_hash VARCHAR,
    is_active     BOOLEAN NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE user_quartiers (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    PRIMARY KEY (user_id, quartier_id)
);

-- Accounts that log in through an identity provider (OIDC): issuer + subject.
CREATE TABLE user_identities (
    issuer  VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (issuer, subject)
);

-- Server-side login sessions. Only a hash of the token is stored; the browser holds
-- the token in a signed HttpOnly cookie. Logout sets revoked_at.
CREATE TABLE auth_sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

-- One-time codes that hand a login from the Streamlit form to the cookie route.
CREATE TABLE login_handoffs (
    code_hash  VARCHAR PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- Append-only login attempts per account name (never an IP address), for throttling.
CREATE TABLE login_attempts (
    username  VARCHAR NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    succeeded BOOLEAN NOT NULL
);

CREATE SEQUENCE actors_id_seq START 1;
CREATE TABLE actors (
    id               BIGINT PRIMARY KEY DEFAULT nextval('actors_id_seq'),
    quartier_id      BIGINT NOT NULL REFERENCES quartiers (id),
    name             VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    actor_type       VARCHAR NOT NULL CHECK (actor_type IN (
                         'schule', 'kita', 'fruehe_hilfen', 'integrationsbeauftragte',
                         'jugendamt', 'wohnungsunternehmen', 'stadt', 'traeger',
                         'moscheegemeinde', 'kirchengemeinde', 'sportverein',
                         'migrantenselbstorganisation', 'bibliothek', 'bewohnerinitiative',
                         'jobcenter', 'polizei', 'foerderer', 'andere')),
    fields_of_action VARCHAR[] NOT NULL DEFAULT [],
    contact_role     VARCHAR NOT NULL DEFAULT '' CHECK (length(contact_role) <= 120),
    active_from      DATE,
    active_to        DATE,
    notes            VARCHAR NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (active_to IS NULL OR active_from IS NULL OR active_to >= active_from)
);
CREATE INDEX actors_quartier_idx ON actors (quartier_id);
