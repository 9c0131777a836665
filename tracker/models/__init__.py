"""The ledger's data model, split by concept."""
from .base import LEVEL_COLOURS, LedgerRecord, Level
from .funds import Disbursement, FundAllocation, Project
from .org import OrgGroup, OrgUnit, User
from .rectification import Evidence, InspectionRound, Milestone, RectificationItem
from .sources import SourceDocument
from .targets import (
    Comparator, Metric, MetricKind, Observation, Site, StatusThresholds, Target, TargetStatusChange,
)
from .warnings import CalendarDay, DailyReport, Flag, FlagEvent, Notice

__all__ = [
    "LEVEL_COLOURS", "CalendarDay", "Comparator", "DailyReport", "Disbursement", "Evidence", "Flag",
    "FlagEvent", "FundAllocation", "InspectionRound", "LedgerRecord", "Level", "Metric", "MetricKind",
    "Milestone", "Notice", "Observation", "OrgGroup", "OrgUnit", "Project", "RectificationItem", "Site",
    "SourceDocument", "StatusThresholds", "Target", "TargetStatusChange", "User",
]
from .notifications import (  # noqa: E402
    Digest, NoticeSequence, NoticeTemplate, Notification, WebhookDelivery, WebhookSubscription,
)

__all__ += [
    "Digest", "NoticeSequence", "NoticeTemplate", "Notification", "WebhookDelivery", "WebhookSubscription",
]
from .bulletins import Bulletin  # noqa: E402

__all__ += ["Bulletin"]
from .ledgers import LedgerColumnMapping, OrgUnitAlias  # noqa: E402

__all__ += ["LedgerColumnMapping", "OrgUnitAlias"]
