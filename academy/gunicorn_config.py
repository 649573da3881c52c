"""gunicorn's settings for the archive, used by `make serve` and the bench:
`gunicorn -c python:academy.gunicorn_config academy.wsgi`. Options given on the
command line (--bind, --workers) still apply."""

# No control socket: nothing here uses gunicorn's control interface, and its one
# default path (~/.gunicorn/gunicorn.ctl) let a second instance on the same host
# replace the first one's socket, and delete it when it stopped.
control_socket_disable = True

# Threads: a long download (the whole archive as CSV or iCalendar takes seconds
# at 100,000 events) or a slow client holds one thread, not the worker, whose
# other threads go on answering pages. Each thread has its own database
# connection. `--threads` on the command line sets another number.
worker_class = "gthread"
threads = 4
