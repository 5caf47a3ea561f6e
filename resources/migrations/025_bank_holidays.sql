-- The bank holidays GOV.UK publishes (issue 13, item 4), fetched by casedesk-admin
-- refresh-bank-holidays (BankHolidayFetch) and stored here so that every client counts working
-- days by the same calendar. Empty until the first refresh: then the clients use CaseDesk's
-- rules and forms/bank-holidays.json, as they do on SQLite.
CREATE TABLE bank_holidays (
    day    DATE PRIMARY KEY,
    title  TEXT NOT NULL
);

-- One row: where the calendar came from, the years it covers, its ETag (for If-None-Match) and
-- when it was last fetched or found unchanged.
CREATE TABLE bank_holiday_feed (
    only_row      {{bool}} PRIMARY KEY CHECK (only_row),
    first_year    INTEGER NOT NULL,
    last_year     INTEGER NOT NULL,
    refreshed_at  {{timestamp}} NOT NULL,
    source_url    TEXT NOT NULL,
    etag          TEXT NOT NULL DEFAULT ''
);
