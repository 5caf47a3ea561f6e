-- Find person: prefix search on family name, given name and reference, whatever the case.
-- The search compares lower-case copies of the names with plain >= and < (leakproof operators):
-- on a worker's login, row-level security lets the planner use an index only for leakproof
-- conditions, and lower(...) LIKE ... is not one. The copies sort in "C" (code point) order, so
-- [prefix, prefix || U+10FFFF) is exactly the names that start with the prefix.
ALTER TABLE people ADD COLUMN family_name_key TEXT COLLATE "C"
    GENERATED ALWAYS AS (lower(family_name)) STORED;
ALTER TABLE people ADD COLUMN given_name_key TEXT COLLATE "C"
    GENERATED ALWAYS AS (lower(given_name)) STORED;
ALTER TABLE people ADD COLUMN person_ref_key TEXT COLLATE "C"
    GENERATED ALWAYS AS (lower(person_ref)) STORED;
CREATE INDEX people_by_family_name_key ON people (family_name_key);
CREATE INDEX people_by_given_name_key ON people (given_name_key);
CREATE INDEX people_by_person_ref_key ON people (person_ref_key);
