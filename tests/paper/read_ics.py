#!/usr/bin/python3
"""Reads an iCalendar file with python3-icalendar (an independent parser) and prints what the
CaseDesk tests check, as JSON: the METHOD and, for each VEVENT, its UID, SEQUENCE, DTSTART and
DTEND (ISO 8601 with their time zone), STATUS, SUMMARY, LOCATION and DESCRIPTION."""
import json
import sys

import icalendar

with open(sys.argv[1], "rb") as f:
    data = f.read()
calendar = icalendar.Calendar.from_ical(data)
events = []
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    events.append({
        "uid": str(event.get("UID")),
        "sequence": int(event.get("SEQUENCE", 0)),
        "start": start.isoformat(),
        "start_tzid": event["DTSTART"].params.get("TZID", ""),
        "end": end.isoformat(),
        "stamp": event.decoded("DTSTAMP").isoformat(),
        "status": str(event.get("STATUS", "")),
        "summary": str(event.get("SUMMARY", "")),
        "location": str(event.get("LOCATION", "")),
        "description": str(event.get("DESCRIPTION", "")),
    })
timezones = [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")]
print(json.dumps({"method": str(calendar.get("METHOD", "")), "version": str(calendar.get("VERSION", "")),
                  "timezones": timezones, "events": events}))
