"""Backups and restores: the database as a `pg_dump --format=custom` file
plus the uploaded and issued files (MEDIA_ROOT) as a tar.gz, with a manifest
that says what the backup holds and lets a restore prove it got all of it.

The row counts in the manifest are taken in the same snapshot pg_dump
dumps (`pg_export_snapshot`), so they match the dump exactly even while the
site is in use. Media files are never changed once written, and the archive
is made after the dump, so every file the dump refers to is in it."""

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .lib.project import project_apps

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"
PREFIX = "pkpk-backup-"
SSL_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
}


class BackupError(Exception):
    """Anything that makes a backup or restore unusable; the message is for
    the operator."""


# Connection ------------------------------------------------------------------


def pg_tool(name):
    """`pg_dump` / `pg_restore` from PATH, else the newest server install."""
    found = shutil.which(name)
    if found:
        return found
    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (bindir / name).exists():
            return str(bindir / name)
    raise BackupError(f"{name} not found: install PostgreSQL's client tools (postgresql-client).")


def connection_args(db=None):
    """Arguments and environment for the PostgreSQL tools, from
    settings.DATABASES. django-environ puts a socket folder (`?host=...`) and
    its port in OPTIONS; the password goes through PGPASSWORD, never on the
    command line."""
    db = db or settings.DATABASES["default"]
    options = db.get("OPTIONS", {})
    args = []
    host = db.get("HOST") or options.get("host")
    port = db.get("PORT") or options.get("port")
    if host:
        args += ["--host", str(host)]
    if port:
        args += ["--port", str(port)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    args += ["--dbname", db["NAME"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in SSL_OPTIONS.items():
        if options.get(option):
            env[variable] = str(options[option])
    return args, env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")
    return result


# What a database holds --------------------------------------------------------


def counted_models():
    """The project's own tables: every record the procedure keeps."""
    return [
        m
        for config in project_apps()
        for m in config.get_models()
        if m._meta.managed and not m._meta.proxy
    ]


def row_counts():
    """{app_label.Model: rows} for the project's tables that exist."""
    tables = set(connection.introspection.table_names())
    return {
        m._meta.label: m._default_manager.count()
        for m in counted_models()
        if m._meta.db_table in tables
    }


def migration_state():
    """{app: [applied migration names]} as recorded in the database."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    state = {}
    for app, name in sorted(recorder.applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Backup ------------------------------------------------------------------------


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def media_bucket():
    """The S3 bucket the uploads and letters are in, or "" on the file system."""
    return settings.STORAGES["default"].get("OPTIONS", {}).get("bucket_name", "")


def _pack_media(root, target):
    files = _media_files(root)
    with tarfile.open(target, "w:gz") as archive:
        for path in files:
            archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
    return len(files)


def backup(directory, *, now=None):
    """Writes `directory/pkpk-backup-YYYYmmdd-HHMMSS/` and returns its path.
    It is written as `<name>.partial` and renamed when complete; a backup
    that fails is removed."""
    now = now or dt.datetime.now(dt.UTC)
    name = PREFIX + now.strftime("%Y%m%d-%H%M%S")
    final = Path(directory) / name
    if final.exists():
        raise BackupError(f"{final} exists already.")
    work = final.with_name(name + ".partial")
    work.mkdir(parents=True)
    try:
        _write_backup(work, now)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)  # a half backup must not look like one
        raise
    work.rename(final)
    return final


def _write_backup(work, now):
    args, env = connection_args()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = row_counts()
        migrations = migration_state()
        # pg_dump reads the very snapshot the counts came from; it must run
        # while this transaction is open.
        _run(
            [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", *args]
            + ["--file", str(work / DUMP)],
            env,
        )
    # Files on object storage (S3_BUCKET) stay out of the archive: the store
    # keeps them (versioning, replication), and a copy here would be a second,
    # unbounded download every night. The manifest says where they are.
    media_files = 0 if media_bucket() else _pack_media(settings.MEDIA_ROOT, work / MEDIA)
    if media_bucket():
        _pack_media(work / "no-media", work / MEDIA)  # an empty archive, as restore expects
    manifest = {
        "media_bucket": media_bucket(),
        "format": FORMAT,
        "created": now.isoformat(timespec="seconds"),
        "database": settings.DATABASES["default"]["NAME"],
        "migrations": migrations,
        "row_counts": counts,
        "media_files": media_files,
        "files": {part: sha256(work / part) for part in (DUMP, MEDIA)},
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


# Restore -----------------------------------------------------------------------


def read_manifest(directory):
    """The manifest, once both parts are there and match their checksums."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} has no {MANIFEST}: not a backup.") from None
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is unreadable: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for part in (DUMP, MEDIA):
        path = directory / part
        if not path.is_file():
            raise BackupError(f"{part} is missing from {directory}.")
        if sha256(path) != manifest["files"].get(part):
            raise BackupError(f"{part} does not match its checksum: the backup is damaged.")
    return manifest


def _applied(manifest):
    return {(app, name) for app, names in manifest["migrations"].items() for name in names}


def _known():
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unknown_migrations(manifest):
    """Migrations the backup's database had that this code does not know:
    the backup was made by a newer version."""
    return sorted(f"{app}.{name}" for app, name in _applied(manifest) - _known())


def missing_migrations(manifest):
    """Migrations of this code the backup's database had not run yet."""
    return sorted(f"{app}.{name}" for app, name in _known() - _applied(manifest))


def database_is_empty():
    return not connection.introspection.table_names()


def media_is_empty():
    return not _media_files(settings.MEDIA_ROOT)


def _unpack_media(archive_path, root):
    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        members = archive.getmembers()
        for member in members:
            target = (root / member.name).resolve()
            if not member.isfile() or not target.is_relative_to(root):
                raise BackupError(f"Refusing the archive entry {member.name!r}.")
        for member in members:
            target = root / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
    return len(members)


def restore(directory, *, yakin=False, say=print):
    """Restores a backup into the configured database and MEDIA_ROOT, then
    checks every table's row count against the manifest. Refuses a database
    that has tables (or a MEDIA_ROOT with files) unless `yakin`."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    say(f"Backup of {manifest['created']}: checksums ok.")
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(
            "The backup was made by a newer version of the application (unknown "
            f"migrations: {', '.join(newer[:5])}). Deploy that version first."
        )
    if not yakin and not database_is_empty():
        raise BackupError(
            f"The database {settings.DATABASES['default']['NAME']!r} is not empty: "
            "restoring replaces its contents. Run again with --yakin to do that."
        )
    if not yakin and not media_is_empty():
        raise BackupError(
            f"MEDIA_ROOT ({settings.MEDIA_ROOT}) holds files. Run again with --yakin "
            "to add the backup's files to them."
        )
    args, env = connection_args()
    connection.close()  # our own session must not hold locks pg_restore needs
    _run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-acl"]
        + ["--single-transaction", *args, str(directory / DUMP)],
        env,
    )
    say("Database restored.")
    files = _unpack_media(directory / MEDIA, settings.MEDIA_ROOT)
    say(f"{files} files restored to {settings.MEDIA_ROOT}.")
    if files != manifest["media_files"]:
        raise BackupError(
            f"The archive holds {files} files, the manifest says {manifest['media_files']}."
        )
    counts = row_counts()
    wrong = {
        label: (expected, counts.get(label))
        for label, expected in manifest["row_counts"].items()
        if counts.get(label) != expected
    }
    if wrong:
        lines = [f"  {label}: expected {e}, found {f}" for label, (e, f) in sorted(wrong.items())]
        raise BackupError("Row counts differ from the backup:\n" + "\n".join(lines))
    say(f"Row counts match the backup ({sum(manifest['row_counts'].values())} rows).")
    if missing_migrations(manifest):
        say("The backup predates this version: run `manage.py migrate` next.")
    return manifest
