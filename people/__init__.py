"""Who: countries, organizations, people and their other spellings.

It imports nothing from `events` (tests/test_layers.py). `models.py` holds
the records and registers them for search; `services.py` keeps a person's
search document when their spellings change (a keeper of academy/writes.py);
`merge.py` merges two people and `duplicates.py` finds likely ones;
`photos.py` the people's photos; `admin.py`, `forms.py` and `imports.py` are
how staff enter them; `translation.py` declares the translated fields.
"""
