-- Golden case: the CHECK forms the planner translates into generators.
CREATE TYPE priority AS ENUM ('low', 'normal', 'high');

CREATE TABLE tasks (
    id          integer PRIMARY KEY,
    title       text NOT NULL CHECK (length(title) BETWEEN 3 AND 40),
    status      text NOT NULL CHECK (status IN ('open', 'doing', 'done')),
    priority    priority NOT NULL DEFAULT 'normal',
    estimate    integer CHECK (estimate > 0 AND estimate <= 40),
    progress    numeric(5,2) NOT NULL CHECK (progress >= 0 AND progress <= 100),
    code        varchar(12) NOT NULL CHECK (code ~ '^T-[0-9]{4}[A-Z]$'),
    slug        text CHECK (slug = lower(slug)),
    starts_on   date NOT NULL,
    ends_on     date,
    done_at     timestamptz,
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK ((status = 'done') = (done_at IS NOT NULL))
);

CREATE DOMAIN percent AS numeric(5,2) CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE DOMAIN zip AS text CHECK (VALUE ~ '^[0-9]{5}$');

CREATE TABLE offices (
    id        serial PRIMARY KEY,
    zip       zip NOT NULL,
    occupancy percent,
    floors    smallint NOT NULL CHECK (floors BETWEEN 1 AND 120),
    kind      text NOT NULL CHECK (kind = ANY (ARRAY['hq', 'branch', 'remote'])),
    email     text CHECK (email LIKE '%@%')
);
