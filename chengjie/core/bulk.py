"""Many rows straight into a table, for the few writes that make tens of thousands of rows at once (a
ledger import, a province's first sweep of the month): COPY on PostgreSQL, one prepared INSERT on SQLite.
bulk_create spends longer building its statement than PostgreSQL spends writing the rows (bench/README.md).

Values are given as Python values (dates, aware datetimes, Decimals, dicts for JSON) in `fields` order;
no model's save(), signals or field defaults run, so the caller gives every column it needs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import chain

from django.db import connection
from django.db.models import JSONField


def insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = chain([first], rows)
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in model_fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            json_columns = [(i, field.encoder) for i, field in enumerate(model_fields) if isinstance(field, JSONField)]
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    if json_columns:
                        # COPY takes a JSON column as its text.
                        row = list(row)
                        for i, encoder in json_columns:
                            if row[i] is not None:
                                row[i] = json.dumps(row[i], cls=encoder, ensure_ascii=False)
                    copy.write_row(row)
        else:
            prepared = ([field.get_db_prep_save(value, connection) for field, value in zip(model_fields, row)]
                        for row in rows)
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", prepared)


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys for rows `insert_rows` is about to write (it writes them with their ids). On
    SQLite the caller's transaction holds the database's write lock (transactions begin IMMEDIATE), so
    nobody else can take the ids after the largest ever given (AUTOINCREMENT's counter: a deleted row's id
    is not given again)."""
    if count <= 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [model._meta.db_table, pk, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX(COALESCE(MAX({connection.ops.quote_name(pk)}), 0), "
                       f"COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0)) FROM {table}",
                       [model._meta.db_table])
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))
