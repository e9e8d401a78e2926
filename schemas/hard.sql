-- =============================================================================
-- hard.sql — "hard cases 2": quoted identifiers, foreign-key cycles, and
-- every remaining column type.
--
-- Contents:
--   * schema "Human Resources" (space and capitals), with quoted table and
--     column names: a reserved word, an embedded double quote, non-ASCII.
--   * cycle 1: "Departments" <-> employees, breakable at the nullable
--     "Departments".head_employee_id.
--   * cycle 2: authors <-> books, both keys NOT NULL; only the DEFERRABLE
--     INITIALLY DEFERRED authors_favourite_book_fk breaks it.
--   * public.type_zoo: one column of each remaining built-in type, plus an
--     enum, an enum array, a domain, a composite type and a stored
--     generated column.
--   * public.bookings: an exclusion constraint.
--   * a many-to-many junction table, a two-column UNIQUE, comments and a
--     view (the tool should skip views).
--
-- Uses only built-in PostgreSQL 15 features (no extensions).
-- =============================================================================


-- -----------------------------------------------------------------------------
-- Schema "Human Resources": quoted identifiers and cycle 1
-- -----------------------------------------------------------------------------

CREATE SCHEMA "Human Resources";

COMMENT ON SCHEMA "Human Resources" IS 'Schema whose name needs quoting (space, capitals)';

CREATE TABLE "Human Resources"."Departments" (
    "Id"             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "Name"           text NOT NULL UNIQUE,
    "select"         text,     -- reserved word
    "a""b"           integer,  -- embedded double quote: the column is named a"b
    "Straße"         text,     -- non-ASCII
    -- Set once the head employee exists; the FK is added after employees
    -- is created (see departments_head_fk below).
    head_employee_id integer NULL
);

CREATE TABLE "Human Resources".employees (
    id            integer PRIMARY KEY,  -- plain integer, no default
    department_id integer NOT NULL REFERENCES "Human Resources"."Departments"("Id"),
    manager_id    integer NULL REFERENCES "Human Resources".employees(id),  -- self-reference
    full_name     text NOT NULL,
    email         varchar(120) NOT NULL UNIQUE,
    salary        numeric(10,2) NOT NULL CHECK (salary >= 20000 AND salary < 500000),
    hired_on      date NOT NULL,
    left_on       date,
    ssn           char(11) CHECK (ssn ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$'),

    CHECK (left_on IS NULL OR left_on > hired_on)
);

-- Cycle 1: "Departments" -> employees -> "Departments".
-- Breakable: insert departments with head_employee_id NULL, then employees,
-- then update the heads.
ALTER TABLE "Human Resources"."Departments"
    ADD CONSTRAINT departments_head_fk
    FOREIGN KEY (head_employee_id) REFERENCES "Human Resources".employees(id);


-- -----------------------------------------------------------------------------
-- Cycle 2: authors <-> books, broken only by a deferrable constraint
-- -----------------------------------------------------------------------------

CREATE TABLE authors (
    id                bigserial PRIMARY KEY,
    name              text NOT NULL,
    favourite_book_id bigint NOT NULL  -- FK added below, after books exists
);

CREATE TABLE books (
    id        bigserial PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES authors(id),
    title     text NOT NULL,
    isbn      char(13) UNIQUE,

    -- Two-column UNIQUE: an author does not publish two books with one title.
    UNIQUE (author_id, title)
);

-- Both keys are NOT NULL, so no NULL can break the cycle; deferring this
-- check to commit time is the only way to insert rows.
ALTER TABLE authors
    ADD CONSTRAINT authors_favourite_book_fk
    FOREIGN KEY (favourite_book_id) REFERENCES books(id)
    DEFERRABLE INITIALLY DEFERRED;


-- -----------------------------------------------------------------------------
-- Many-to-many: books <-> tags
-- -----------------------------------------------------------------------------

CREATE TABLE tags (
    id    serial PRIMARY KEY,
    label text NOT NULL UNIQUE
);

CREATE TABLE book_tags (
    book_id bigint REFERENCES books(id),
    tag_id  integer REFERENCES tags(id),
    PRIMARY KEY (book_id, tag_id)
);


-- -----------------------------------------------------------------------------
-- User-defined types used by type_zoo
-- -----------------------------------------------------------------------------

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

CREATE DOMAIN us_postal_code AS text
    CHECK (VALUE ~ '^[0-9]{5}$');

CREATE TYPE public.address AS (
    street text,
    city   text,
    zip    text
);


-- -----------------------------------------------------------------------------
-- type_zoo: one column per type
-- -----------------------------------------------------------------------------

CREATE TABLE type_zoo (
    id               uuid PRIMARY KEY,

    -- numbers
    c_smallint       smallint NOT NULL,
    c_integer        integer NOT NULL,
    c_bigint         bigint NOT NULL,
    c_numeric        numeric(8,3) NOT NULL,
    c_real           real NOT NULL,
    c_double         double precision NOT NULL,
    c_money          money NOT NULL,

    -- text
    c_text           text NOT NULL,
    c_varchar        varchar(10) NOT NULL,
    c_char           char(5) NOT NULL,

    c_boolean        boolean NOT NULL,

    -- date and time
    c_date           date NOT NULL,
    c_time           time NOT NULL,
    c_timetz         timetz NOT NULL,
    c_timestamp      timestamp NOT NULL,
    c_timestamptz    timestamptz NOT NULL,
    c_interval       interval NOT NULL,

    c_bytea          bytea NOT NULL,

    -- documents
    c_json           json NOT NULL,
    c_jsonb          jsonb NOT NULL,

    -- network
    c_inet           inet NOT NULL,
    c_cidr           cidr NOT NULL,
    c_macaddr        macaddr NOT NULL,

    -- ranges
    c_int4range      int4range NOT NULL,
    c_int8range      int8range NOT NULL,
    c_numrange       numrange NOT NULL,
    c_daterange      daterange NOT NULL,
    c_tstzrange      tstzrange NOT NULL,

    -- arrays
    c_int_array      integer[] NOT NULL,
    c_text_array     text[] NOT NULL,
    c_uuid_array     uuid[] NOT NULL,

    -- user-defined
    c_mood           mood NOT NULL,
    c_mood_array     mood[] NOT NULL,
    c_postal_code    us_postal_code NOT NULL,
    c_address        public.address NULL,  -- composite type, nullable

    -- stored generated column
    id_text          text GENERATED ALWAYS AS (id::text) STORED
);


-- -----------------------------------------------------------------------------
-- Exclusion constraint
-- -----------------------------------------------------------------------------

-- No two bookings may overlap in time. Note: the generator records this
-- constraint but does not honour it yet. (Without the btree_gist extension
-- "room WITH =" cannot go in the constraint, so it covers all rooms.)
CREATE TABLE bookings (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room   integer NOT NULL,
    during tstzrange NOT NULL,
    EXCLUDE USING gist (during WITH &&)
);


-- -----------------------------------------------------------------------------
-- A view (the tool should skip it)
-- -----------------------------------------------------------------------------

CREATE VIEW book_overview AS
SELECT b.id, b.title, b.isbn, a.name AS author_name
FROM books b
JOIN authors a ON a.id = b.author_id;


-- -----------------------------------------------------------------------------
-- Comments
-- -----------------------------------------------------------------------------

COMMENT ON TABLE "Human Resources"."Departments" IS 'Departments; quoted table and column names';
COMMENT ON COLUMN "Human Resources"."Departments"."select" IS 'Column named after a reserved word';
COMMENT ON COLUMN "Human Resources"."Departments"."a""b" IS 'Column whose name contains a double quote';
COMMENT ON COLUMN "Human Resources"."Departments"."Straße" IS 'Column with a non-ASCII name';
COMMENT ON COLUMN "Human Resources"."Departments".head_employee_id IS 'Head of department; nullable, breaks the Departments/employees cycle';
COMMENT ON TABLE "Human Resources".employees IS 'Employees; manager_id is a self-reference';
COMMENT ON TABLE authors IS 'Authors; favourite_book_id closes a cycle with books (deferrable FK)';
COMMENT ON TABLE books IS 'Books written by authors';
COMMENT ON TABLE tags IS 'Book tags';
COMMENT ON TABLE book_tags IS 'Many-to-many junction between books and tags';
COMMENT ON TABLE type_zoo IS 'One column of each supported column type';
COMMENT ON COLUMN type_zoo.id_text IS 'Stored generated column: id as text';
COMMENT ON TABLE bookings IS 'Room bookings; exclusion constraint forbids overlapping periods';
COMMENT ON VIEW book_overview IS 'Books with their author names';
