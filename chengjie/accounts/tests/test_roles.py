"""三员分立 (等保三级): the system, security and audit administrators hold disjoint powers, none of them
touches business data, and no account is a superuser."""

from itertools import combinations

import pytest
from django.core.management.base import CommandError
from django.db import IntegrityError

from chengjie.accounts.models import User
from chengjie.accounts.roles import (ADMIN_ROLES, ADMINISTRATION_CAPABILITIES, CAPABILITIES, ROLE_CAPABILITIES,
                                     TWO_FACTOR_ROLES, UNIT_GRANTABLE_ROLES, Role)


@pytest.mark.parametrize(("first", "second"), list(combinations(sorted(ADMIN_ROLES), 2)))
def test_the_three_administrators_hold_disjoint_capabilities(first, second):
    assert ROLE_CAPABILITIES[first] & ROLE_CAPABILITIES[second] == frozenset()


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_no_administrator_holds_a_business_capability(role):
    assert ROLE_CAPABILITIES[role] <= ADMINISTRATION_CAPABILITIES
    assert ROLE_CAPABILITIES[role], "an administrator role with no power at all is a mistake"


def test_each_administration_duty_has_its_one_administrator():
    assert "users.manage" in ROLE_CAPABILITIES[Role.SEC_ADMIN]
    assert "audit.view" in ROLE_CAPABILITIES[Role.AUDIT_ADMIN]
    assert "org.manage" in ROLE_CAPABILITIES[Role.SYS_ADMIN]


def test_every_capability_a_role_holds_is_declared():
    for role, capabilities in ROLE_CAPABILITIES.items():
        assert capabilities <= set(CAPABILITIES), role
    assert ADMINISTRATION_CAPABILITIES <= set(CAPABILITIES)


def test_administrators_need_two_factors_and_unit_admins_grant_no_admin_role():
    assert ADMIN_ROLES | {Role.UNIT_ADMIN} == TWO_FACTOR_ROLES
    assert not UNIT_GRANTABLE_ROLES & TWO_FACTOR_ROLES


@pytest.mark.django_db
def test_the_database_refuses_a_superuser(cast):
    cast.sys_admin.is_superuser = True
    with pytest.raises(IntegrityError):
        cast.sys_admin.save(update_fields=["is_superuser"])


def test_createsuperuser_is_refused_with_a_pointer_to_createadmins():
    with pytest.raises(CommandError, match="createadmins"):
        User.objects.create_superuser("root", password="Root#Password1")
