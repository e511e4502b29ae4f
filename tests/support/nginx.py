"""Debian's nginx with deploy/pkpk.nginx.conf, started for a test or a
benchmark: its TLS server on plain http at a local port, its upstream the
gunicorn(s) given, its files in a folder of the caller's. Django-free, so
bench/bench_cluster.py uses it as tests/ops/test_behind_nginx.py does."""

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BINARY = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
UPSTREAM = "    server unix:/run/pkpk/gunicorn.sock fail_timeout=0;\n"


def nginx_conf(folder, port, upstreams, *, signin_limit=True):
    """deploy/pkpk.nginx.conf with `upstreams` ("unix:/path" or "host:port")
    as the servers of its upstream block, inside a main configuration of its
    own (nothing of /etc/nginx but the MIME types). `signin_limit=False`
    drops the sign-in POSTs' limit_req: it counts per client address, and a
    benchmark signs hundreds of students in from one."""
    site = (ROOT / "deploy" / "pkpk.nginx.conf").read_text()
    servers = "".join(f"    server {u} fail_timeout=0;\n" for u in upstreams)
    site = replace_once(site, UPSTREAM, servers)
    # The port-80 server only redirects to https: not under test.
    site, redirects = re.subn(r"server \{[^{}]*return 301[^{}]*\}\n", "", site)
    assert redirects == 1, "deploy/pkpk.nginx.conf changed: the redirect server"
    site = re.sub(r"^\s*(listen|http2|ssl_\w+)\b.*\n", "", site, flags=re.MULTILINE)
    site = replace_once(site, "    server_name", f"    listen 127.0.0.1:{port};\n    server_name")
    site = site.replace("/var/log/nginx/", f"{folder}/")
    site = replace_once(site, "/srv/pkpk/static/", f"{ROOT}/static/")
    if not signin_limit:
        site, dropped = re.subn(r"^\s*limit_req zone=pkpk_signin .*\n", "", site, flags=re.M)
        assert dropped == 2, "deploy/pkpk.nginx.conf changed: the sign-in limits"
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root nginx would hand its workers to `nobody`, who cannot enter the
    # folder; a test run keeps them as whoever runs it.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
{temp}
{site}
}}
"""


def nginx_command(binary, folder, port, upstreams, **options):
    """Writes the configuration, checks it (`nginx -t`) and returns the
    command that runs nginx in the foreground."""
    conf = os.path.join(folder, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(folder, port, upstreams, **options))
    command = [binary, "-p", folder, "-c", conf, "-e", os.path.join(folder, "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t: {check.stderr}")
    return [*command, "-g", "daemon off;"]


def replace_once(text, old, new):
    assert text.count(old) == 1, f"deploy/pkpk.nginx.conf changed: {old!r}"
    return text.replace(old, new)
