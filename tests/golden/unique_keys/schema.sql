-- Golden case: one table per unique-key strategy the planner knows.
CREATE TABLE accounts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      varchar(80) NOT NULL UNIQUE,
    username   text NOT NULL,
    handle     text,
    code       char(6) NOT NULL UNIQUE,
    token      uuid NOT NULL UNIQUE,
    deleted_at timestamptz
);
CREATE UNIQUE INDEX accounts_username_lower ON accounts (lower(username));
CREATE UNIQUE INDEX accounts_handle_live ON accounts (handle) WHERE deleted_at IS NULL;

-- A bounded integer key close to its capacity (900 of 1000 values).
CREATE TABLE seats (
    seat_no   smallint PRIMARY KEY CHECK (seat_no BETWEEN 1 AND 1000),
    label     text NOT NULL
);

-- Composite keys: a natural two-column primary key and a unique pair that includes a key.
CREATE TABLE regions (
    country char(2) NOT NULL,
    code    smallint NOT NULL CHECK (code BETWEEN 1 AND 99),
    name    text NOT NULL,
    PRIMARY KEY (country, code)
);

CREATE TABLE memberships (
    id         serial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    seat_no    smallint NOT NULL REFERENCES seats (seat_no),
    UNIQUE (account_id, seat_no)
);

-- One-to-one: a unique foreign key.
CREATE TABLE profiles (
    account_id bigint PRIMARY KEY REFERENCES accounts (id),
    bio        text
);
