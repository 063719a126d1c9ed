"""Writes: annual targets, signing thresholds, the document header and publishing a bulletin. Keyword-only,
atomic, audited in the same transaction; refusals are DomainErrors naming the field and the reason."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chengjie.audit.services import audit_record, snapshot
from chengjie.core.errors import DomainError
from chengjie.org.models import Division

from .compute import compute
from .facts import period_code
from .models import (
    COUNT_INDICATORS,
    AnnualTarget,
    Bulletin,
    BulletinFact,
    BulletinSetting,
    Indicator,
    SigningThreshold,
)
from .rendering import render_annex, render_document
from .selectors import bulletin_division, county_units, gather, latest_published, setting_for
from .tables import build_tables, diff


def _require(user, capability: str, action: str) -> None:
    if not user.is_authenticated or not user.has_capability(capability):
        raise DomainError(f"您的角色不能{action}。", code="forbidden")


def _county(user, division_code: str) -> Division:
    """A county in the user's scope (targets, thresholds and headers are each county's own)."""
    prefix = user.scope_prefix
    if prefix is None or not division_code.startswith(prefix[:6]) or len(division_code) != 6:
        raise DomainError("请选择您数据范围内的县（市、区）。", field="division", code="forbidden")
    division = Division.objects.filter(code=division_code).first()
    if division is None:
        raise DomainError(f"行政区划 {division_code} 不存在。", field="division")
    return division


def _year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError(f"年度“{year}”无效。", field="year")
    return year


def _amount(value, *, label: str, field: str, whole: bool = False) -> Decimal | None:
    """万元 (or a count when `whole`), not negative; None for an empty cell."""
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是数字。", field=field) from None
    if not amount.is_finite() or amount < 0:
        raise DomainError(f"{label}不能为负数，也必须是数字。", field=field)
    if amount >= Decimal("1e12"):
        raise DomainError(f"{label}超出可记录的范围（单位为万元）。", field=field)
    if whole and amount != amount.to_integral_value():
        raise DomainError(f"{label}是项目个数，应为整数（现为 {amount}）。", field=field)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- targets, thresholds, the document header


@transaction.atomic
def annual_targets_set(*, acting_user, division_code: str, year: int,
                       values: dict[tuple[int, str], object]) -> int:
    """Set the annual targets of a county's units from the grid: (unit id, indicator) → value, an empty
    value removing the target. Returns how many cells changed; one audit row lists them."""
    _require(acting_user, "targets.manage", "设定年度目标")
    division, year = _county(acting_user, division_code), _year(year)
    units = {unit.pk: unit for unit in county_units(division_code=division.code)}
    existing = {(t.unit_id, t.indicator): t for t in AnnualTarget.objects.select_for_update().filter(
        unit__division__code__startswith=division.code, year=year)}
    before, after, changed = {}, {}, 0
    for (unit_id, indicator), raw in values.items():
        unit = units.get(unit_id)
        if unit is None:
            raise DomainError(f"单位（ID {unit_id}）不是{division.name}的在用单位。", field="targets")
        if indicator not in Indicator.values:
            raise DomainError(f"指标“{indicator}”不存在。", field="targets")
        label = f"{unit}的{Indicator(indicator).label}目标"
        value = _amount(raw, label=label, field=f"t_{unit_id}_{indicator}", whole=indicator in COUNT_INDICATORS)
        current = existing.get((unit_id, indicator))
        if (current.value if current else None) == value:
            continue
        changed += 1
        before.setdefault(unit.name, {})[indicator] = str(current.value) if current else None
        after.setdefault(unit.name, {})[indicator] = str(value) if value is not None else None
        if value is None:
            current.delete()
        elif current is None:
            AnnualTarget.objects.create(unit=unit, year=year, indicator=indicator, value=value, set_by=acting_user)
        else:
            current.value, current.set_by = value, acting_user
            current.save(update_fields=["value", "set_by", "set_at"])
    if changed:
        audit_record(event="bulletins.targets_set", acting_user=acting_user, object_type="bulletins.annualtarget",
                     object_id=f"{division.code}:{year}", object_repr=f"{division.name}{year}年度目标",
                     before=before, after=after)
    return changed


THRESHOLD_FIELDS = ["division", "year", "industrial", "other"]


@transaction.atomic
def signing_threshold_set(*, acting_user, division_code: str, year: int, industrial, other) -> SigningThreshold:
    """From how much contracted investment a county's signing counts as a new signed project in `year`."""
    _require(acting_user, "targets.manage", "设定签约项目计入标准")
    division, year = _county(acting_user, division_code), _year(year)
    industrial = _amount(industrial, label="工业项目计入标准", field="industrial")
    other = _amount(other, label="其他项目计入标准", field="other")
    if industrial is None or other is None:
        raise DomainError("请填写工业项目和其他项目的计入标准（万元）。", field="industrial" if industrial is None else "other")
    threshold = SigningThreshold.objects.select_for_update().filter(division=division, year=year).first()
    before = snapshot(threshold, fields=THRESHOLD_FIELDS) if threshold else None
    threshold = threshold or SigningThreshold(division=division, year=year)
    threshold.industrial, threshold.other, threshold.changed_by = industrial, other, acting_user
    threshold.save()
    audit_record(event="bulletins.threshold_set", acting_user=acting_user, obj=threshold,
                 object_repr=f"{division.name}{year}年签约项目计入标准", before=before,
                 after=snapshot(threshold, fields=THRESHOLD_FIELDS))
    return threshold


SETTING_FIELDS = ["organ", "number_prefix", "cc", "printer"]


@transaction.atomic
def bulletin_setting_set(*, acting_user, organ: str, number_prefix: str, cc: str = "",
                         printer: str = "") -> BulletinSetting:
    """The 发文机关, 发文字号 prefix, 抄送 and 印发机关 of the bulletins the acting bureau publishes."""
    _require(acting_user, "bulletins.publish", "设置通报的发文机关和文号")
    division = Division.objects.filter(code=bulletin_division(acting_user) or "").first()
    if division is None:
        raise DomainError("您的账号没有数据范围，不能设置通报。", code="forbidden")
    organ, number_prefix, printer = (organ or "").strip(), (number_prefix or "").strip(), (printer or "").strip()
    if not organ:
        raise DomainError("请填写发文机关。", field="organ")
    if not number_prefix or number_prefix.endswith("第") or any(c.isdigit() or c in "〔〕[]号" for c in number_prefix):
        raise DomainError("发文字号前缀只写机关代字，如“潜招”（不含年份、序号，不加“第”）。", field="number_prefix")
    cc = "\n".join(line.strip() for line in (cc or "").splitlines() if line.strip())
    setting = BulletinSetting.objects.select_for_update().filter(division=division).first()
    before = snapshot(setting, fields=SETTING_FIELDS) if setting else None
    setting = setting or BulletinSetting(division=division)
    setting.organ, setting.number_prefix, setting.cc, setting.printer = organ, number_prefix, cc, printer
    setting.changed_by = acting_user
    setting.save()
    audit_record(event="bulletins.setting_set", acting_user=acting_user, obj=setting,
                 object_repr=f"{division.name}通报发文设置", before=before, after=snapshot(setting, fields=SETTING_FIELDS))
    return setting


# --- the bulletin


def fingerprint(content: dict, facts) -> str:
    """The data's version: a digest of every fact and figure the bulletin was computed from."""
    payload = {"content": {key: content[key] for key in ("period", "thresholds", "rows", "total", "warnings")},
               "facts": [fact.to_json() for fact in facts]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _title(content: dict, *, correction: bool = False) -> str:
    """The title in two lines (GB/T 9704 7.3.1: a long title turns into a 梯形), e.g. 关于2026年1-10月全市
    招商引资 / 项目推进情况的通报."""
    title = f"关于{content['year']}年{content['span']}{content['scope_word']}招商引资\n项目推进情况的通报"
    return title + ("（更正）" if correction else "")


def document_meta(*, division: Division, number: str, title: str, issued_on: date) -> dict:
    setting = setting_for(division)
    return {"organ": setting.organ, "number": number, "title": title, "issued_on": issued_on.isoformat(),
            "signer": setting.organ, "cc": [line for line in setting.cc.splitlines() if line.strip()],
            "printer": setting.printer}


def next_number(division: Division, year: int) -> tuple[int, str]:
    from chengjie.documents.official import official_number

    last = Bulletin.objects.filter(division=division, issued_year=year).aggregate(last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    return sequence, official_number(setting_for(division).number_prefix, year, sequence)


def bulletin_preview(*, division_code: str, period: date) -> tuple[dict, list]:
    """The bulletin as it would be published now: its content (with tables and a would-be number) and the
    facts behind it."""
    inp = gather(division_code=division_code, period=period)
    content = compute(inp)
    content["tables"] = build_tables(content)
    division = Division.objects.get(code=division_code)
    today = timezone.localdate()
    previous = latest_published(division_code=division_code, period=period)
    _sequence, number = next_number(division, today.year)
    content["document"] = document_meta(division=division, number=number, issued_on=today,
                                        title=_title(content, correction=previous is not None) + "（预览稿）")
    content["fingerprint"] = fingerprint(content, inp.facts)
    return content, inp.facts


def _publishable_period(period: date) -> date:
    if period is None or period.day != 1:
        raise DomainError("请选择要通报的月份。", field="period")
    this_month = timezone.localdate().replace(day=1)
    if period >= this_month:
        raise DomainError(f"{period:%Y年%m月}尚未结束，月底后才能发布该月通报。", field="period")
    return period


@transaction.atomic
def bulletin_publish(*, acting_user, period: date, note: str = "") -> Bulletin:
    """Publish the bulletin of the acting bureau's division for `period`: freeze the content and the facts
    behind it, render the Word document and the Excel annex. A bulletin already published for the month is
    corrected by publishing the next version, which lists every figure that changed."""
    _require(acting_user, "bulletins.publish", "发布月通报")
    division_code = bulletin_division(acting_user)
    if division_code is None:
        raise DomainError("您的账号没有数据范围，不能发布通报。", code="forbidden")
    period = _publishable_period(period)
    # Publications of one division take turns: version and document numbers are counted under this lock.
    division = Division.objects.select_for_update().get(code=division_code)
    note = (note or "").strip()
    previous = latest_published(division_code=division_code, period=period)
    content, facts = bulletin_preview(division_code=division_code, period=period)
    version = previous.version + 1 if previous else 1
    if previous is not None:
        changes = diff(previous.content["tables"], content["tables"])
        if previous.data_fingerprint == content["fingerprint"] or not changes:
            raise DomainError(f"数据与已发布的第{previous.version}版相同，无需发布更正。", field="period")
        if not note:
            raise DomainError(f"请写明更正说明：为何更正第{previous.version}版。", field="note")
        content.update(changes=changes, previous_version=previous.version, previous_number=previous.number)
    content["version"] = version
    content["tables"] = build_tables(content)
    today = timezone.localdate()
    sequence, number = next_number(division, today.year)
    title = _title(content, correction=previous is not None)
    content["document"] = document_meta(division=division, number=number, title=title, issued_on=today)
    content["correction_note"] = note if previous is not None else ""
    bulletin = Bulletin.objects.create(
        division=division, period=period, version=version, issued_year=today.year, sequence=sequence, number=number,
        title=title.replace("\n", ""), content=content, data_fingerprint=content["fingerprint"],
        correction_note=content["correction_note"],
        published_by=acting_user, published_at=timezone.now())
    BulletinFact.objects.bulk_create([BulletinFact(bulletin=bulletin, project_id=fact.id, row_key=fact.row,
                                                   data=fact.to_json()) for fact in facts], batch_size=1000)
    stem = f"{division.name}{period:%Y年%m月}招商引资通报第{version}版"
    bulletin.document.save(f"{stem}.docx", ContentFile(render_document(content)), save=False)
    bulletin.annex.save(f"{stem}附表.xlsx", ContentFile(render_annex(content)), save=False)
    bulletin.save(update_fields=["document", "annex"])
    audit_record(event="bulletins.published", acting_user=acting_user, obj=bulletin, after={
        "division": division.code, "period": period_code(period), "version": version, "number": number,
        "data_fingerprint": bulletin.data_fingerprint, "facts": len(facts),
        "changes": len(content.get("changes", []))}, note=note)
    return bulletin
