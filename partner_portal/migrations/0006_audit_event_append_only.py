"""On PostgreSQL the database itself refuses to change or delete an audit event
(also for a superuser working in the admin or a shell); the only update it lets
through is the actor set to NULL when that person's account is deleted."""

from django.db import migrations

CREATE = """
CREATE FUNCTION partner_portal_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.target_type_id, NEW.target_id, NEW.from_state, NEW.to_state,
            NEW.note, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.target_type_id, OLD.target_id, OLD.from_state, OLD.to_state,
            OLD.note, OLD.created_at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (%% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER partner_portal_auditevent_append_only
BEFORE UPDATE OR DELETE ON partner_portal_auditevent
FOR EACH ROW EXECUTE FUNCTION partner_portal_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS partner_portal_auditevent_append_only
    ON partner_portal_auditevent;
DROP FUNCTION IF EXISTS partner_portal_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("partner_portal", "0005_fill_user_search_keys_and_phones"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
