"""`chengjie refdata`: reload the shipped divisions and GB/T 4754 industries after an upgrade brings a
newer table. Adds new codes and renames changed ones; never deletes (history points at old codes)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from chengjie.audit.services import audit_record
from chengjie.core.request_context import acting_as
from chengjie.org.models import Division, Industry
from chengjie.org.refdata import load_reference_data


class Command(BaseCommand):
    help = "重新载入随软件发布的行政区划代码和国民经济行业分类（只增改，不删除）"

    def handle(self, *args, **options):
        with acting_as("cli"), transaction.atomic():
            divisions, industries = load_reference_data(Division, Industry)
            audit_record(event="refdata.loaded", object_type="org.division", object_repr="参考数据",
                         after={"new_divisions": divisions, "new_industries": industries}, username="cli")
        self.stdout.write(f"行政区划新增 {divisions} 个，行业代码新增 {industries} 个。")
