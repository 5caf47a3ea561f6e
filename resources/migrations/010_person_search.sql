-- Finding a person and opening their record (app/core/records).

-- A parent's or carer's record lists the children they are related to.
CREATE INDEX relationships_by_related_person ON relationships (related_person_id);
