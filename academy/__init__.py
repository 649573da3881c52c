"""The project package and the archive's shared infrastructure.

Nothing here knows a model of ours (tests/test_layers.py): the apps above
register with it. Where to look:

- Configuration: `settings.py` (every setting from the environment;
  `test_settings.py` only for test speed), `urls.py` (root URLs, naming the
  apps' URL modules as strings), `wsgi.py`, `asgi.py`, `gunicorn_config.py`,
  `Caddyfile` (the deployment's proxy).
- Writes: `writes.py` (`keeping_derived_data_for`: the one service every write
  calls, which runs the keepers the apps register), `admin.py` (the base admin:
  history, restore, imports), `edit_conflicts.py`, `uploads.py`, `imports.py`
  and `import_files.py`, `kept_files.py`.
- Search: `search.py` (`register` a model, its documents, matching) and
  `search_index.py` (the SQLite full-text table).
- Caching: `caching.py` (pages, counts, HTTP validators), `cache_tags.py`
  (what a cached thing depends on), `cache_invalidation.py` (how a write moves
  those tags), `cache.py` (Redis, optional).
- Files: `media.py` (serving uploads while a public record names them),
  `images.py`, `documents.py`, `media_check.py`.
- Requests: `middleware.py`, `security.py`, `static_headers.py`, `errors.py`,
  `health.py`, `logs.py`.
- Shared helpers: `i18n.py` (translated fields), `queries.py`,
  `identifiers.py`, `plain_text.py`, `spreadsheets.py`, `templatetags/`.
- Operations: `backups.py` and the `backup_archive`, `restore_archive`,
  `import_archive`, `rebuild_search` and `check_media` commands;
  `worldmap/` (the committed map outlines and how they were built).
"""
