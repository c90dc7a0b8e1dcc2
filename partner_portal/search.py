"""Search columns: each searchable model keeps the key (``partner_portal.text``) of
the fields people search it by, so a list filters on one indexed column whatever the
letters, digits and spaces a person types.

The key is written by ``save()`` and by the bulk paths of the model's queryset
(``bulk_create``, ``bulk_update``, ``update``), so it cannot fall behind the text.
"""

from django.db import connections, migrations, models
from django.utils.translation import gettext_lazy as _

from .text import normalize_persian, search_key


class SearchableQuerySet(models.QuerySet):
    def _touches_search_fields(self, names):
        # Historical models in migrations have no SEARCH_FIELDS; their migrations
        # write the keys themselves.
        searched = getattr(self.model, "SEARCH_FIELDS", ())
        return bool(set(names) & set(searched)) and "search_key" not in names

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if hasattr(self.model, "SEARCH_FIELDS"):
            for obj in objs:
                obj.fill_search_key()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if self._touches_search_fields(fields):
            objs = list(objs)
            for obj in objs:
                obj.fill_search_key()
            fields = [*fields, "search_key"]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if not self._touches_search_fields(kwargs):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        self.model._default_manager.filter(pk__in=pks).refresh_search_keys()
        return count

    def refresh_search_keys(self):
        """Recompute the keys of these rows (after a change the ORM did not see)."""
        return refresh_search_keys(self, self.model.SEARCH_FIELDS)


class Searchable(models.Model):
    """A model people find by the text of ``SEARCH_FIELDS``. Those fields are also
    stored normalised (``normalize_persian``), e-mail addresses excepted."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_key = models.TextField(_("search key"), blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def fill_search_key(self):
        fill_search_key(self, self.SEARCH_FIELDS)


def fill_search_key(obj, fields):
    """Normalise ``obj``'s searched text fields and set its key (``obj`` may be a
    historical model in a migration, hence the fields given)."""
    for name in fields:
        field = obj._meta.get_field(name)
        if not isinstance(field, models.EmailField):
            multiline = isinstance(field, models.TextField)
            text = normalize_persian(getattr(obj, name), multiline=multiline)
            setattr(obj, name, text)
    obj.search_key = search_key(*(getattr(obj, name) for name in fields))


def refresh_search_keys(queryset, fields, batch_size=2000):
    """Rewrite the keys (and normalised text) of the rows that need it; returns how
    many did. Used after bulk changes and by the migrations that add a key."""
    new_key, new_text = [], []
    rows = queryset.only("pk", "search_key", *fields).order_by("pk")
    for row in rows.iterator(chunk_size=batch_size):
        before = [row.search_key, *(getattr(row, name) for name in fields)]
        fill_search_key(row, fields)
        after = [row.search_key, *(getattr(row, name) for name in fields)]
        if after[1:] != before[1:]:
            new_text.append(row)
        elif after[0] != before[0]:
            new_key.append(row)
    for start in range(0, len(new_key), batch_size):
        write_keys(queryset, new_key[start : start + batch_size])
    queryset.bulk_update(new_text, ["search_key", *fields], batch_size=batch_size)
    return len(new_key) + len(new_text)


def write_keys(queryset, rows):
    """Most rows only lack their key. One UPDATE ... FROM (VALUES ...) per batch
    (PostgreSQL and SQLite ≥ 3.33 alike) takes a second where bulk_update's CASE
    takes twenty for a province's students."""
    if not rows:
        return
    meta = queryset.model._meta
    quote = connections[queryset.db].ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    values = ", ".join(["(%s, %s)"] * len(rows))
    params = [value for row in rows for value in (row.pk, row.search_key)]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET search_key = new.column2 "  # noqa: S608 (names quoted)
            f"FROM (VALUES {values}) AS new WHERE {table}.{pk} = new.column1",
            params,
        )


def trigram_index(table, name):
    """A migration operation: a GIN trigram index on ``table.search_key`` for the
    ``contains`` searches, on PostgreSQL (needs TrigramExtension first); nothing on
    other databases, which scan the column."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" USING gin '
                '("search_key" gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)


def matching(queryset, query, field="search_key"):
    """The rows whose key (in ``field``, which may follow relations) contains the key
    of what the person typed."""
    key = search_key(query)
    if not key:
        return queryset
    return queryset.filter(**{f"{field}__contains": key})


def is_number(key):
    return key.isascii() and key.isdigit()
