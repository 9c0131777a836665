"""Organisation: the unit tree (责任单位), groups such as war zones (战区), and users."""
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .base import LedgerRecord


class OrgUnit(LedgerRecord):
    """A responsible unit (责任单位) in the city's tree.

    The tree has two trunks under the city government: counties, districts and
    development zones (县/区/开发区) with their own departments, and the ecology and
    environment bureau (生态环境局) with its divisions (处室), sub-bureaus (分局) and
    institutions (事业单位). A unit's ``path`` ("/1/4/9/") makes "this unit and everything
    under it" a single indexed prefix query — the scope rule for unit staff.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("县/区")
        ZONE = "zone", _("开发区")
        BUREAU = "bureau", _("局/委办")
        DIVISION = "division", _("处室")
        SUB_BUREAU = "sub_bureau", _("分局")
        INSTITUTION = "institution", _("事业单位")
        DEPARTMENT = "department", _("部门")
        TOWN = "town", _("乡镇/街道")

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("树路径"), max_length=255, editable=False, db_index=True, default="")
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    has_daily_report_duty = models.BooleanField(
        _("需报日报告"), default=False,
        help_text=_("日报告、零报告：该单位每天须报送进展，无新情况也要报“零报告”。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = pgettext_lazy("plural", "责任单位")
        ordering = ["path", "sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="orgunit_not_own_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k != "force_insert"}
            kwargs.pop("update_fields", None)
        new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if self.parent_id and f"/{self.pk}/" in self.parent.path:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("上级单位不能是本单位的下级。 / A unit cannot sit under its own descendant."))
        old_path = self.path
        self.path = new_path
        super().save(*args, **kwargs)
        if old_path and old_path != new_path:
            # Move the whole subtree in one UPDATE; paths are derived, so this is safe to repeat.
            from tracker.signals import UPDATED, announce

            moved = OrgUnit.all_objects.filter(path__startswith=old_path).exclude(pk=self.pk)
            moved_pks = list(moved.values_list("pk", flat=True))
            moved.update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
            announce(OrgUnit, moved_pks, UPDATED)

    def subtree(self):
        """This unit and all units under it."""
        return OrgUnit.objects.filter(path__startswith=self.path)


class OrgGroup(LedgerRecord):
    """A named group of units that is not a branch of the tree, e.g. the five air
    "war zones" (大气污染防治战区) that each span several counties."""

    class Kind(models.TextChoices):
        WAR_ZONE = "war_zone", _("战区")
        OTHER = "other", _("其他分组")

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.WAR_ZONE)
    members = models.ManyToManyField(OrgUnit, verbose_name=_("成员单位"), related_name="groups")
    lead_leader = models.ForeignKey(
        "tracker.User", verbose_name=_("牵头领导"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("单位分组（战区）")
        verbose_name_plural = pgettext_lazy("plural", "单位分组（战区）")
        ordering = ["code"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in: unit staff (责任单位经办人), a supervisor (督查室), a leader
    (局领导/市领导) or an administrator. Leaders are also named as lead leaders (牵头领导)
    on targets and items. Staff belong to one or more units; their scope is those units'
    subtrees."""

    class Role(models.TextChoices):
        STAFF = "staff", _("责任单位经办人")
        SUPERVISOR = "supervisor", _("督查室")
        LEADER = "leader", _("领导")
        ADMIN = "admin", _("系统管理员")

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.STAFF)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    units = models.ManyToManyField(OrgUnit, verbose_name=_("所属单位"), blank=True, related_name="members")

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[units])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["staff", "supervisor", "leader", "admin"]), name="user_role_valid",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # The admin is open to the roles that use it (tracker.roles); staff work in the pages.
        self.is_staff = self.is_superuser or self.role in (self.Role.SUPERVISOR, self.Role.LEADER, self.Role.ADMIN)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)

    @property
    def sees_everything(self):
        return self.role in (self.Role.SUPERVISOR, self.Role.LEADER, self.Role.ADMIN) or self.is_superuser
