"""The archive under gunicorn, started as `make serve` starts it."""

from tests.helpers import raw_request


def test_head_is_answered_without_a_body_or_a_warning(serve):
    server = serve()

    answer = raw_request(server.port, "HEAD /robots.txt HTTP/1.0\r\n\r\n")

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 OK")
    assert b"Content-Length: " in head
    assert body == b""
    assert "body bytes" not in server.log.read_text()


def test_two_instances_on_one_host_share_no_control_socket(serve, tmp_path):
    first, second = serve(), serve()

    assert not (tmp_path / ".gunicorn").exists()
    for server in (first, second):
        assert raw_request(server.port, "GET /robots.txt HTTP/1.0\r\n\r\n").startswith(
            b"HTTP/1.0 200 OK"
        )
