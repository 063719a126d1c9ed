"""E-mail through Django's mail backend: SMTP with the deployment's EMAIL_* settings (EMAIL_BACKEND is
not set, so Django's default SMTP backend)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from .base import ChannelError, OutgoingMessage

# Long enough for a slow county mail relay, short enough that a dead one does not hold a worker.
SMTP_TIMEOUT_SECONDS = 10


def send(*, address: str, secret: str, message: OutgoingMessage) -> None:
    connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT_SECONDS)
    email = EmailMessage(subject=message.subject, body=message.text, from_email=settings.DEFAULT_FROM_EMAIL,
                         to=[address], connection=connection)
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise ChannelError(_("邮件服务器拒收该地址：%(address)s。") % {"address": address}) from exc
    except smtplib.SMTPException as exc:
        raise ChannelError(_("邮件服务器错误：%(error)s") % {"error": str(exc)[:200]}) from exc
    except TimeoutError as exc:
        raise ChannelError(_("连接邮件服务器 %(host)s:%(port)s 超时。") % {
            "host": settings.EMAIL_HOST, "port": settings.EMAIL_PORT}) from exc
    except OSError as exc:
        raise ChannelError(_("无法连接邮件服务器 %(host)s:%(port)s（%(error)s）。") % {
            "host": settings.EMAIL_HOST, "port": settings.EMAIL_PORT, "error": exc.strerror or type(exc).__name__}) from exc
