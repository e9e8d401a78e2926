-- Golden case: foreign-key cycles broken at a nullable key and at a DEFERRABLE one, a
-- self-reference, and a composite foreign key.
CREATE TABLE teams (
    id      integer PRIMARY KEY,
    name    text NOT NULL UNIQUE,
    lead_id integer
);

CREATE TABLE people (
    id         integer PRIMARY KEY,
    team_id    integer NOT NULL REFERENCES teams (id),
    manager_id integer REFERENCES people (id),
    name       text NOT NULL
);

ALTER TABLE teams ADD CONSTRAINT teams_lead_fk FOREIGN KEY (lead_id) REFERENCES people (id);

CREATE TABLE shelves (
    id          integer PRIMARY KEY,
    top_book_id integer NOT NULL
);

CREATE TABLE books (
    id        integer PRIMARY KEY,
    shelf_id  integer NOT NULL REFERENCES shelves (id),
    title     text NOT NULL
);

ALTER TABLE shelves ADD CONSTRAINT shelves_top_book_fk FOREIGN KEY (top_book_id)
    REFERENCES books (id) DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE rooms (
    building char(1) NOT NULL,
    number   integer NOT NULL,
    PRIMARY KEY (building, number)
);

CREATE TABLE bookings (
    id       serial PRIMARY KEY,
    building char(1) NOT NULL,
    number   integer NOT NULL,
    person_id integer REFERENCES people (id),
    FOREIGN KEY (building, number) REFERENCES rooms (building, number)
);
