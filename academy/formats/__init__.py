"""The archive's date formats, over Django's own for each language
(FORMAT_MODULE_PATH): both languages write the day before the month, as the
archive's texts do ("On 25 June 2015"), so a range can share its month and
year ("27–28 October 2026", events/dates.py)."""
