from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengjie.core.access import authenticated, get_for_user
from chengjie.core.formviews import submit_button, submit_form
from chengjie.core.pages import is_htmx

from . import services
from .forms import ChannelEditForm, ChannelForm
from .selectors import channels_for_user, inbox_for_user

PAGE_SIZE = 20


@authenticated
def inbox(request):
    unread_only = request.GET.get("filter") == "unread"
    page = Paginator(inbox_for_user(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@authenticated
def notification_detail(request, pk: int):
    """Opening a message marks it read, as a mail client does."""
    notification = get_for_user(request.user, inbox_for_user(user=request.user), pk=pk)
    services.notification_mark_read(acting_user=request.user, notification=notification)
    return render(request, "notifications/notification_detail.html", {"n": notification})


@authenticated
@require_POST
def notification_read(request, pk: int):
    notification = get_for_user(request.user, inbox_for_user(user=request.user), pk=pk)
    services.notification_mark_read(acting_user=request.user, notification=notification)
    if is_htmx(request):
        return render(request, "notifications/_notification_read.html", {"n": notification})
    return redirect("notifications:inbox")


@authenticated
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(acting_user=request.user)
    messages.success(request, _("已将 %(count)s 条消息标为已读。") % {"count": count})
    return redirect("notifications:inbox")


@authenticated
def channel_list(request):
    form = ChannelForm(data=request.POST or None)
    if response := submit_form(
            request, form, action=lambda: services.channel_create(acting_user=request.user, **form.cleaned_data),
            success=lambda channel: _("已添加接收渠道：%(channel)s。") % {"channel": channel},
            redirect_to="notifications:channel_list"):
        return response
    channels = channels_for_user(user=request.user)
    return render(request, "notifications/channel_list.html",
                  {"channels": channels, "form": form, "sms_available": bool(settings.SMS_GATEWAY_URL)})


@authenticated
def channel_edit(request, pk: int):
    channel = get_for_user(request.user, channels_for_user(user=request.user), pk=pk)
    initial = {"address": channel.address, "enabled": channel.enabled}
    form = ChannelEditForm(data=request.POST or None, initial=initial, channel=channel)

    def update():
        data = form.cleaned_data
        secret = "" if data.get("clear_secret") else (data.get("secret") or None)
        return services.channel_update(acting_user=request.user, channel=channel, address=data["address"],
                                       secret=secret, enabled=data["enabled"])

    if response := submit_form(request, form, action=update,
                               success=lambda saved: _("已保存接收渠道：%(channel)s。") % {"channel": saved},
                               redirect_to="notifications:channel_list"):
        return response
    return render(request, "notifications/channel_edit.html", {"channel": channel, "form": form})


@authenticated
@require_POST
def channel_delete(request, pk: int):
    channel = get_for_user(request.user, channels_for_user(user=request.user), pk=pk)
    label = str(channel)
    services.channel_delete(acting_user=request.user, channel=channel)
    messages.success(request, _("已删除接收渠道：%(channel)s。") % {"channel": label})
    return redirect("notifications:channel_list")


@authenticated
@require_POST
def channel_test(request, pk: int):
    channel = get_for_user(request.user, channels_for_user(user=request.user), pk=pk)
    return submit_button(request, action=lambda: services.channel_send_test(acting_user=request.user, channel=channel),
                         success=_("测试消息已发出，稍后刷新本页或在“消息”中查看是否送达。"),
                         redirect_to="notifications:channel_list")
