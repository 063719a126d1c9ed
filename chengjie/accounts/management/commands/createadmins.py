"""chengjie createadmins 340882 — the three administrators (三员) of a fresh install.

Each gets a random one-time password, printed here once and stored nowhere else; at first login each
must bind an authenticator (TOTP) and set their own password. There is no superuser (等保三级 三员分立)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chengjie.core import request_context
from chengjie.core.errors import DomainError
from chengjie.org.models import Division

from ...services import admins_create


class Command(BaseCommand):
    def add_arguments(self, parser):
        # Translated here, at run time: argparse cannot format a lazy string.
        parser.description = _("为一个行政区划创建系统管理员、安全管理员、审计管理员（三员），各有一次性初始密码。")
        parser.add_argument("division", help=_("行政区划代码，如 340882（潜山市）"))

    def handle(self, *args, division: str, **options):
        scope = Division.objects.filter(code=division.strip()).first()
        if scope is None:
            raise CommandError(_("行政区划代码“%(code)s”不存在。") % {"code": division})
        try:
            with request_context.acting_as("cli"):
                created = admins_create(division=scope)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("已为 %(division)s 创建三员账号。初始密码只显示这一次，请分别当面交给本人：")
                          % {"division": scope.full_name})
        for user, password in created:
            self.stdout.write(f"  {user.get_role_display()}\t{user.username}\t{password}")
        self.stdout.write(_("首次登录时须绑定手机验证器（双因素认证）并修改密码。"))
