-- Find person: prefix search on family name, given name and reference, whatever the case
-- (SQLite's lower() folds ASCII letters only). Text compares byte by byte (UTF-8, code point
-- order), so [prefix, prefix || U+10FFFF) is exactly the names that start with the prefix.
ALTER TABLE people ADD COLUMN family_name_key TEXT
    GENERATED ALWAYS AS (lower(family_name)) VIRTUAL;
ALTER TABLE people ADD COLUMN given_name_key TEXT
    GENERATED ALWAYS AS (lower(given_name)) VIRTUAL;
ALTER TABLE people ADD COLUMN person_ref_key TEXT
    GENERATED ALWAYS AS (lower(person_ref)) VIRTUAL;
CREATE INDEX people_by_family_name_key ON people (family_name_key);
CREATE INDEX people_by_given_name_key ON people (given_name_key);
CREATE INDEX people_by_person_ref_key ON people (person_ref_key);
