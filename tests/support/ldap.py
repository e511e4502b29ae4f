"""A campus LDAP directory for the tests: Debian's own slapd, started on a
free loopback port with a throw-away configuration and database loaded by
slapadd, and stopped at the end. Its people mirror the shared cast of
tests/conftest.py (student A's NIM, coordinator X's e-mail, the staff
member's e-mail) plus one person the placement system does not know."""

import contextlib
import datetime as dt
import ipaddress
import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .ops import free_port, spawn, stop, wait_for

SLAPD = shutil.which("slapd", path="/usr/sbin:/usr/bin")
SLAPADD = shutil.which("slapadd", path="/usr/sbin:/usr/bin")
SCHEMAS = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")

SUFFIX = "dc=kampus,dc=test"
PEOPLE = f"ou=people,{SUFFIX}"
SERVICE_DN = f"cn=pkpk,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "layanan-pkpk-rahasia"

# Campus passwords: not the passwords of the placement system's accounts.
STUDENT = {"uid": "3312501001", "mail": "ani@students.kampus.test", "password": "kampus-ani-1"}
LECTURER = {
    "uid": "koordinator.if",
    "mail": "koor.if@example.test",
    "employeeNumber": "198001012005011001",
    "password": "kampus-koor-1",
}
UNKNOWN = {"uid": "3312599999", "mail": "baru@students.kampus.test", "password": "kampus-baru-1"}
STAFF = {"uid": "staf.pkpk", "mail": "staf@example.test", "password": "kampus-staf-1"}


@dataclass
class Directory:
    uri: str
    tls_uri: str = ""  # ldaps://
    local_uri: str = ""  # ldapi:// (its Unix socket)
    ca_file: str = ""  # the CA of its certificate (PEM)
    base: str = PEOPLE
    bind_dn: str = SERVICE_DN
    bind_password: str = SERVICE_PASSWORD

    def settings(self):
        """The CAMPUS_LDAP_* settings that point the bridge at this directory."""
        return {
            "CAMPUS_LDAP_URI": self.uri,
            "CAMPUS_LDAP_BIND_DN": self.bind_dn,
            "CAMPUS_LDAP_BIND_PASSWORD": self.bind_password,
            "CAMPUS_LDAP_USER_SEARCH_BASE": self.base,
        }


def slapd_binaries():
    if SLAPD is None or SLAPADD is None:
        message = "Debian's slapd is not installed (bin/setup dev installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs bin/setup dev: it must be there
        pytest.skip(message)


def _person(entry, cn):
    lines = [
        f"dn: uid={entry['uid']},{PEOPLE}",
        "objectClass: inetOrgPerson",
        f"uid: {entry['uid']}",
        f"cn: {cn}",
        f"sn: {cn.split()[-1]}",
        f"mail: {entry['mail']}",
        f"userPassword: {entry['password']}",
    ]
    if "employeeNumber" in entry:
        lines.append(f"employeeNumber: {entry['employeeNumber']}")
    return "\n".join(lines)


def ldif():
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Kampus\ndc: kampus",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services",
        f"dn: {SERVICE_DN}\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\n"
        f"cn: pkpk\nuserPassword: {SERVICE_PASSWORD}",
        _person(STUDENT, "Ani Lestari"),
        _person(LECTURER, "Dr. Koordinator IF"),
        _person(UNKNOWN, "Mahasiswa Baru"),
        _person(STAFF, "Staf PKPK"),
    ]
    return "\n\n".join(entries) + "\n"


def certificates(folder):
    """A CA of the test's own and the directory's certificate for 127.0.0.1
    signed by it, as PEM files in `folder`: ca.pem, server.pem, server.key."""
    now = dt.datetime.now(dt.UTC)

    def build(subject, issuer, public_key, signing_key, *, ca):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = build("Kampus Test CA", "Kampus Test CA", ca_key.public_key(), ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    server = build("127.0.0.1", "Kampus Test CA", key.public_key(), ca_key, ca=False)
    pem = serialization.Encoding.PEM
    Path(folder, "ca.pem").write_bytes(ca.public_bytes(pem))
    Path(folder, "server.pem").write_bytes(server.public_bytes(pem))
    Path(folder, "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def configuration(folder):
    # The service account reads people; a person reads themselves; passwords
    # are only ever used to bind.
    return textwrap.dedent(f"""\
        TLSCertificateFile {folder}/server.pem
        TLSCertificateKeyFile {folder}/server.key
        include {SCHEMAS}/core.schema
        include {SCHEMAS}/cosine.schema
        include {SCHEMAS}/inetorgperson.schema
        modulepath {MODULES}
        moduleload back_mdb
        pidfile {folder}/slapd.pid
        database mdb
        maxsize 10485760
        suffix "{SUFFIX}"
        rootdn "cn=admin,{SUFFIX}"
        directory {folder}/db
        access to attrs=userPassword by anonymous auth by * none
        access to * by dn.exact="{SERVICE_DN}" read by self read by * none
        """)


@contextlib.contextmanager
def running_directory():
    """A slapd of its own in a temporary folder, listening on a free
    loopback port; yields its Directory and stops it afterwards."""
    slapd_binaries()
    folder = tempfile.mkdtemp(prefix="pkpk-slapd-")
    try:
        os.mkdir(os.path.join(folder, "db"))
        conf = os.path.join(folder, "slapd.conf")
        certificates(folder)
        Path(conf).write_text(configuration(folder))
        Path(folder, "people.ldif").write_text(ldif())
        subprocess.run(
            [SLAPADD, "-q", "-f", conf, "-l", os.path.join(folder, "people.ldif")],
            check=True,
            capture_output=True,
        )
        port, tls_port = free_port(), free_port()
        uri, tls_uri = f"ldap://127.0.0.1:{port}", f"ldaps://127.0.0.1:{tls_port}"
        socket_path = os.path.join(folder, "ldapi")  # a short folder: at most 107 characters
        local_uri = f"ldapi://{quote(socket_path, safe='')}"
        # -d keeps slapd in the foreground (its log to ours), so stop() ends it.
        listen = f"{uri}/ {tls_uri}/ {local_uri}/"
        command = [SLAPD, "-d", "stats", "-f", conf, "-h", listen]
        process = spawn(command, os.environ, os.path.join(folder, "slapd.log"))
        try:
            for each in (port, tls_port):
                wait_for(lambda p=each: _answers(p), "slapd", process, folder, timeout=20)
            wait_for(lambda: os.path.exists(socket_path), "slapd", process, folder, timeout=20)
            yield Directory(
                uri=uri,
                tls_uri=tls_uri,
                local_uri=local_uri,
                ca_file=os.path.join(folder, "ca.pem"),
            )
        finally:
            stop(process)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def silent_directory():
    """A port that accepts connections and never answers: a directory that
    hangs (overloaded, or a firewall that swallows packets)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield Directory(uri=f"ldap://127.0.0.1:{listener.getsockname()[1]}")


def closed_port_directory():
    """Where nothing listens: a directory that is down."""
    return Directory(uri=f"ldap://127.0.0.1:{free_port()}")
