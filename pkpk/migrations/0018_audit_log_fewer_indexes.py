"""auditlog's table had ten indexes, and every audited change pays for each
of them: the expiry sweep's 50,000 entries read 1.1 million index pages, half
of its audit cost. What this system reads the trail by is the record
(content type and object id, pkpk/views_audit.py), the actor, the time and
the request id (cid); the other indexes served nobody: `action` has four
values, object_pk duplicates object_id for our integer keys (auditlog's
get_for_object reads object_id for them), and the two varchar_pattern_ops
copies serve LIKE 'x%' searches nothing makes. The two single-column
indexes on content type and object id become one on both, which is what
the trail's query filters by.

Django's own migrations drop indexes with DROP INDEX IF EXISTS, so a later
auditlog migration that alters these fields still applies."""

from django.db import migrations

DROPPED = {
    "auditlog_logentry_action_229afe39": "(action)",
    "auditlog_logentry_object_pk_6e3219c0": "(object_pk)",
    "auditlog_logentry_object_pk_6e3219c0_like": "(object_pk varchar_pattern_ops)",
    "auditlog_logentry_cid_9f467263_like": "(cid varchar_pattern_ops)",
    "auditlog_logentry_content_type_id_75830218": "(content_type_id)",
    "auditlog_logentry_object_id_09c2eee8": "(object_id)",
}
FORWARD = [f"DROP INDEX IF EXISTS {name};" for name in DROPPED] + [
    "CREATE INDEX IF NOT EXISTS auditlog_entries_of_record"
    " ON auditlog_logentry (content_type_id, object_id);"
]
BACKWARD = ["DROP INDEX IF EXISTS auditlog_entries_of_record;"] + [
    f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry {columns};"
    for name, columns in DROPPED.items()
]


class Migration(migrations.Migration):
    dependencies = [
        ("pkpk", "0017_notifications_to_own_app"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
