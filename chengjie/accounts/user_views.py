"""Account management: the security administrator (`users.manage`) for every account in their scope, a
unit administrator (`users.manage_unit`) for their own unit's 经办人 and 负责人. Accounts outside that
are 404, as if they did not exist."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from chengjie.core.access import AccessRule, get_for_user
from chengjie.core.errors import DomainError
from chengjie.core.formviews import submit_button, submit_form

from .forms import PasswordResetForm, UserCreateForm, UserEditForm, UserFilterForm
from .selectors import lockouts_for_user, user_list_for_user, users_for_user
from .services import (lockout_clear, user_create, user_reset_password, user_set_active, user_totp_reset,
                       user_update)

MANAGE_CAPABILITIES = ("users.manage", "users.manage_unit")


@dataclass(frozen=True)
class AnyCapabilityRule(AccessRule):
    """Logged in and holding at least one of `any_of`."""

    any_of: tuple[str, ...] = ()

    def allows(self, user) -> bool:
        return super().allows(user) and any(user.has_capability(capability) for capability in self.any_of)


def manages_accounts(view):
    view.access_rule = AnyCapabilityRule(any_of=MANAGE_CAPABILITIES)
    return view


@manages_accounts
def user_list(request):
    filters = UserFilterForm(data=request.GET or None, acting_user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    unit = data.get("unit")
    users = user_list_for_user(user=request.user, q=data.get("q", "").strip(), role=data.get("role", ""),
                               unit_id=unit.pk if unit else None, active=data.get("active", ""),
                               locked=data.get("locked", False))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {
        "filters": filters, "page": page, "lockout_count": len(lockouts_for_user(user=request.user)),
        "manages_all": request.user.has_capability("users.manage"),
    })


def _account_url(user) -> str:
    return reverse("accounts:user_edit", args=[user.pk])


@manages_accounts
@sensitive_post_parameters()
@never_cache
def user_new(request):
    form = UserCreateForm(data=request.POST or None, acting_user=request.user)

    def create():
        data = form.cleaned_data
        return user_create(acting_user=request.user, username=data["username"], password=data["password"],
                           full_name=data["full_name"], title=data["title"], phone=data["phone"], **form.binding())

    if response := submit_form(
            request, form, action=create,
            success=lambda user: _("已创建账号“%(username)s”。请把初始密码当面或电话告知本人，首次登录时须修改。")
            % {"username": user.username},
            redirect_to=_account_url):
        return response
    return render(request, "accounts/user_form.html", {"form": form})


@manages_accounts
def user_edit(request, pk: int):
    user = get_for_user(request.user, users_for_user(user=request.user), pk=pk)
    form = UserEditForm(data=request.POST or None, acting_user=request.user, account=user)

    def update():
        data = form.cleaned_data
        user_update(acting_user=request.user, user=user, full_name=data["full_name"], title=data["title"],
                    phone=data["phone"], **form.binding(account=user))

    if response := submit_form(request, form, action=update,
                               success=_("已保存账号“%(username)s”。") % {"username": user.username},
                               redirect_to=_account_url(user)):
        return response
    return render(request, "accounts/user_detail.html", {
        "account": user, "form": form, "is_self": user.pk == request.user.pk,
        "lockouts": lockouts_for_user(user=request.user, username=user.username),
        "has_authenticator": user.totpdevice_set.filter(confirmed=True).exists(),
    })


@manages_accounts
@sensitive_post_parameters()
@never_cache
def user_password_reset(request, pk: int):
    user = get_for_user(request.user, users_for_user(user=request.user), pk=pk)
    form = PasswordResetForm(data=request.POST or None)
    if response := submit_form(
            request, form,
            action=lambda: user_reset_password(acting_user=request.user, user=user,
                                               password=form.cleaned_data["password"]),
            success=_("已重置“%(username)s”的密码，其下次登录时须修改。") % {"username": user.username},
            redirect_to=_account_url(user)):
        return response
    return render(request, "accounts/user_password_reset.html", {"account": user, "form": form})


@manages_accounts
@require_POST
def user_active(request, pk: int):
    user = get_for_user(request.user, users_for_user(user=request.user), pk=pk)
    active = request.POST.get("active") == "1"
    return submit_button(request, action=lambda: user_set_active(acting_user=request.user, user=user, active=active),
                         success=(_("已启用账号“%(username)s”。") if active else
                                  _("已停用账号“%(username)s”，其登录和会话立即失效。")) % {"username": user.username},
                         redirect_to=_account_url(user))


@manages_accounts
@require_POST
def user_2fa_reset(request, pk: int):
    user = get_for_user(request.user, users_for_user(user=request.user), pk=pk)
    return submit_button(request, action=lambda: user_totp_reset(acting_user=request.user, user=user),
                         success=_("已重置“%(username)s”的双因素认证，其下次登录时须重新绑定验证器。")
                         % {"username": user.username},
                         redirect_to=_account_url(user))


@manages_accounts
def lockout_list(request):
    return render(request, "accounts/lockout_list.html", {
        "lockouts": lockouts_for_user(user=request.user), "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)})


@manages_accounts
@require_POST
def lockout_release(request):
    username = request.POST.get("username", "")
    try:
        lockout_clear(acting_user=request.user, username=username, ip_address=request.POST.get("ip") or None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已解除“%(username)s”的锁定。") % {"username": username})
    back = request.POST.get("back")
    if back == "user":
        account = users_for_user(user=request.user).filter(username=username).first()
        if account is not None:
            return redirect("accounts:user_edit", pk=account.pk)
    return redirect("accounts:lockout_list")
