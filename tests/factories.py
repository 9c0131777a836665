"""factory_boy factories for every model: tests build exactly the rows they need."""
import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tracker import models


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = models.OrgUnit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"单位{n}")
    kind = models.OrgUnit.Kind.COUNTY
    parent = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = models.User.Role.STAFF
    password = factory.django.Password("pw-123456")

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = models.Metric
        django_get_or_create = ("code",)

    code = "pm25"
    name = "PM2.5年均浓度"
    kind = models.MetricKind.PERIOD_MEAN
    unit = "μg/m³"
    comparator = models.Comparator.LE
    is_site_metric = True


class SourceDocumentFactory(DjangoModelFactory):
    class Meta:
        model = models.SourceDocument

    title = factory.Sequence(lambda n: f"讲话{n}")
    issued_on = dt.date(2022, 3, 1)
    full_text = "全市PM2.5年均浓度控制在23微克/立方米以内。"


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = models.Target

    code = factory.Sequence(lambda n: f"T-{n:04d}")
    title = factory.Sequence(lambda n: f"目标{n}")
    metric = factory.SubFactory(MetricFactory)
    kind = factory.LazyAttribute(lambda o: o.metric.kind)
    comparator = factory.LazyAttribute(lambda o: o.metric.comparator)
    target_value = Decimal("35")
    unit = factory.LazyAttribute(lambda o: o.metric.unit)
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 12, 31)
    deadline = dt.date(2026, 12, 31)
    lead_unit = factory.SubFactory(OrgUnitFactory)


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = models.Site

    code = factory.Sequence(lambda n: f"site-{n}")
    name = factory.Sequence(lambda n: f"站点{n}")
    kind = models.Site.Kind.AIR_STATION
    unit = factory.SubFactory(OrgUnitFactory)


class ObservationFactory(DjangoModelFactory):
    class Meta:
        model = models.Observation

    metric = factory.SubFactory(MetricFactory)
    site = factory.SubFactory(SiteFactory)
    observed_on = factory.Sequence(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))
    value = Decimal("30")


class InspectionRoundFactory(DjangoModelFactory):
    class Meta:
        model = models.InspectionRound

    code = factory.Sequence(lambda n: f"round-{n}")
    name = factory.Sequence(lambda n: f"省级督察第{n}轮")
    kind = models.InspectionRound.Kind.PROVINCIAL
    year = 2026


class RectificationItemFactory(DjangoModelFactory):
    class Meta:
        model = models.RectificationItem

    round = factory.SubFactory(InspectionRoundFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    problem = "问题描述"
    lead_unit = factory.SubFactory(OrgUnitFactory)
    deadline = dt.date(2026, 12, 31)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = models.Project

    code = factory.Sequence(lambda n: f"proj-{n}")
    name = factory.Sequence(lambda n: f"项目{n}")
    lead_unit = factory.SubFactory(OrgUnitFactory)
    planned_end = dt.date(2026, 12, 31)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = models.Milestone

    project = factory.SubFactory(ProjectFactory)
    title = "完成施工招标"
    due_on = dt.date(2026, 6, 30)


class FundAllocationFactory(DjangoModelFactory):
    class Meta:
        model = models.FundAllocation

    code = factory.Sequence(lambda n: f"fund-{n}")
    unit = factory.SubFactory(OrgUnitFactory)
    source = models.FundAllocation.Source.CENTRAL
    year = 2026
    amount = Decimal("1000.00")
    allocated_on = dt.date(2026, 3, 1)
    execution_deadline = dt.date(2026, 12, 31)


class DisbursementFactory(DjangoModelFactory):
    class Meta:
        model = models.Disbursement

    allocation = factory.SubFactory(FundAllocationFactory)
    paid_on = dt.date(2026, 5, 1)
    amount = Decimal("100.00")
