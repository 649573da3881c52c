"""gunicorn's settings for the archive, used by `make serve` and the bench:
`gunicorn -c python:academy.gunicorn_config academy.wsgi`. Options given on the
command line (--bind, --workers) still apply."""

# No control socket: nothing here uses gunicorn's control interface, and its one
# default path (~/.gunicorn/gunicorn.ctl) let a second instance on the same host
# replace the first one's socket, and delete it when it stopped.
control_socket_disable = True
