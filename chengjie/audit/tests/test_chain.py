"""The audit trail: rows chain by HMAC-SM3, `chengjie audit verify` names the first broken row, and on
PostgreSQL the table refuses UPDATE, DELETE and TRUNCATE."""

import hmac

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from chengjie.audit.chain import GENESIS
from chengjie.audit.models import AuditEvent
from chengjie.audit.selectors import audit_verify
from chengjie.audit.services import audit_record
from chengjie.core import request_context

pytestmark = pytest.mark.django_db


def _three_rows(cast):
    with request_context.bound(request_context.RequestInfo("req-1", "10.1.2.3", None, "web")):
        for name in ("一", "二", "三"):
            audit_record(event="test.changed", acting_user=cast.clerk_a, obj=cast.unit_a, before={"name": name},
                         after={"name": name + "改"})
    return list(AuditEvent.objects.order_by("seq"))


def _raw_update(sql, params):
    """What a person with database access (not the application) could do on SQLite."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_rows_carry_who_where_and_chain_to_their_predecessor(cast):
    first, second, third = _three_rows(cast)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash and third.prev_hash == second.hash
    assert first.actor_username == "clerk_a" and first.actor_role == "unit_clerk" and first.actor_unit == "经信局"
    assert first.ip == "10.1.2.3" and first.request_id == "req-1"
    assert first.object_type == "org.unit" and first.before == {"name": "一"} and first.after == {"name": "一改"}
    assert len(first.hash) == 64


def test_hash_is_hmac_sm3_under_the_audit_key(cast, settings):
    first = _three_rows(cast)[0]
    settings.AUDIT_HMAC_KEY = "another key"
    from chengjie.audit.chain import HASHED_FIELDS, row_hash

    values = AuditEvent.objects.filter(pk=first.pk).values(*HASHED_FIELDS).get()
    assert row_hash(values) != first.hash  # a different key gives a different chain: it is keyed
    assert hmac.new(b"k", b"m", "sm3").digest_size == 32


def test_verify_passes_on_an_intact_chain(cast, capsys):
    _three_rows(cast)
    assert audit_verify() == (3, None)
    call_command("audit", "verify")
    assert "3 条记录校验通过" in capsys.readouterr().out


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="the trigger refuses the edit itself (tested below)")
def test_verify_names_an_edited_row(cast):
    _three_rows(cast)
    _raw_update("UPDATE audit_auditevent SET after = %s WHERE seq = 2", ['{"name": "伪造"}'])
    checked, broken = audit_verify()
    assert (checked, broken.seq) == (1, 2) and "被修改" in broken.reason
    with pytest.raises(CommandError, match="第 2 条"):
        call_command("audit", "verify")


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="the trigger refuses the deletion itself")
def test_verify_names_a_removed_row(cast):
    _three_rows(cast)
    _raw_update("DELETE FROM audit_auditevent WHERE seq = %s", [2])
    checked, broken = audit_verify()
    assert broken.seq == 2 and "缺失" in broken.reason


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="the trigger refuses the edit itself")
def test_verify_names_a_row_whose_hash_was_recomputed_without_the_key(cast):
    """Re-hashing an edited row with a guessed key moves the break to the next row, never hides it."""
    _three_rows(cast)
    _raw_update("UPDATE audit_auditevent SET hash = %s WHERE seq = 2", ["f" * 64])
    _checked, broken = audit_verify()
    assert broken.seq == 2


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET note = 'x'", "DELETE FROM audit_auditevent"])
def test_postgresql_refuses_update_and_delete(cast, sql):
    _three_rows(cast)
    from django.db.utils import DatabaseError

    with pytest.raises(DatabaseError, match="只能追加"), transaction.atomic():
        _raw_update(sql, [])
    assert AuditEvent.objects.count() == 3


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_truncate_from_an_ordinary_session(cast):
    """Test connections may TRUNCATE (Django flushes with it); an ordinary connection may not."""
    import psycopg

    _three_rows(cast)
    params = connection.get_connection_params()
    params.pop("options", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        other.execute("SET lock_timeout = '5s'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            other.execute("TRUNCATE audit_auditevent")


def test_audit_row_rolls_back_with_the_change(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(event="test.changed", acting_user=cast.clerk_a, obj=cast.unit_a)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(event="test.changed").exists()
