"""A small pipeline counted by hand, all in last year (so every date is in the past whenever the tests
run), built through the projects' services.

    project  unit  signed      land        start       production  contracted  figures (funds / completed)
    P1       A     Y-02-10     Y-03-01     Y-04-10     —           12,000      Y-03 1,000/800, Y-04 500/700
    P2       A     Y-03-01     Y-03-31     Y-05-30     Y-10-27      5,000      —
    P3       A     Y-06-15     —           —           —              800      —
    P4       B     Y-01-20     Y-02-19     —           —           30,000      Y-03 2,000/1,500
    P5       B     (Y-1)-11-01 (Y-1)-12-01 Y-02-01     —            8,000      (Y-1)-12 999/999, Y-01 300/300

Days between milestones reached in Y: A signed→land 19 (P1), 30 (P2); land→start 40 (P1), 60 (P2);
start→production 150 (P2). B signed→land 30 (P4); land→start 62 (P5, landed the year before).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from chengjie.projects.models import Project
from chengjie.projects.services import monthly_figure_set
from chengjie.projects.testing import make_project


@dataclass
class Pipeline:
    year: int
    p1: Project
    p2: Project
    p3: Project
    p4: Project
    p5: Project


def figures(cast, project, period: date, funds: str, completed: str) -> None:
    monthly_figure_set(acting_user=cast.bureau, project=project, period=period, funds_in_place=Decimal(funds),
                       out_of_province_funds=Decimal(0), completed_investment=Decimal(completed))


@pytest.fixture
def year() -> int:
    return timezone.localdate().year - 1


@pytest.fixture
def pipeline(cast, year) -> Pipeline:
    y = year
    p1 = make_project(cast=cast, stage="started", signed_on=date(y, 2, 10), contracted_investment=Decimal(12000),
                      actual_dates={"land": date(y, 3, 1), "start": date(y, 4, 10)})
    p2 = make_project(cast=cast, stage="production", signed_on=date(y, 3, 1), contracted_investment=Decimal(5000),
                      actual_dates={"land": date(y, 3, 31), "start": date(y, 5, 30), "production": date(y, 10, 27)})
    p3 = make_project(cast=cast, stage="signed", signed_on=date(y, 6, 15), contracted_investment=Decimal(800))
    p4 = make_project(cast=cast, stage="land", signed_on=date(y, 1, 20), contracted_investment=Decimal(30000),
                      introducing_unit=cast.unit_b, park=None, actual_dates={"land": date(y, 2, 19)})
    p5 = make_project(cast=cast, stage="started", signed_on=date(y - 1, 11, 1), contracted_investment=Decimal(8000),
                      introducing_unit=cast.unit_b, actual_dates={"land": date(y - 1, 12, 1), "start": date(y, 2, 1)})
    figures(cast, p1, date(y, 3, 1), "1000", "800")
    figures(cast, p1, date(y, 4, 1), "500", "700")
    figures(cast, p4, date(y, 3, 1), "2000", "1500")
    figures(cast, p5, date(y - 1, 12, 1), "999", "999")
    figures(cast, p5, date(y, 1, 1), "300", "300")
    return Pipeline(year=y, p1=p1, p2=p2, p3=p3, p4=p4, p5=p5)
