"""URLs of the pages (namespace ``pages``)."""
from django.urls import path

from .views import dashboard, funds, history, inbox, items, reports, supervision, targets

app_name = "pages"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("targets/", targets.target_list, name="targets"),
    path("targets/new/", targets.target_edit, name="target-new"),
    path("targets/<int:pk>/", targets.target_detail, name="target"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target-edit"),
    path("targets/<int:pk>/evaluate/", targets.target_reevaluate, name="target-evaluate"),
    path("targets/<int:pk>/what-if/", targets.target_what_if, name="target-what-if"),
    path("targets/<int:pk>/evidence/", targets.target_evidence, name="target-evidence"),
    path("items/", items.item_list, name="items"),
    path("items/new/", items.item_edit, name="item-new"),
    path("items/batch/", items.item_batch, name="item-batch"),
    path("items/<int:pk>/", items.item_detail, name="item"),
    path("items/<int:pk>/edit/", items.item_edit, name="item-edit"),
    path("items/<int:pk>/start/", items.item_start, name="item-start"),
    path("items/<int:pk>/report/", items.item_report, name="item-report"),
    path("items/<int:pk>/evidence/", items.item_evidence, name="item-evidence"),
    path("items/<int:pk>/sign-off/", items.item_sign_off, name="item-sign-off"),
    path("items/<int:pk>/lookback/", items.item_lookback, name="item-lookback"),
    path("items/<int:pk>/milestones/", items.item_milestone_add, name="item-milestone-add"),
    path("milestones/<int:pk>/done/", items.milestone_done, name="milestone-done"),
    path("evidence/<int:pk>/", items.evidence_download, name="evidence"),
    path("funds/", funds.fund_list, name="funds"),
    path("funds/<int:pk>/", funds.fund_detail, name="fund"),
    path("reports/daily/", reports.daily_report, name="daily-report"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.inbox_read, name="inbox-read-all"),
    path("inbox/<int:pk>/read/", inbox.inbox_read, name="inbox-read"),
    path("supervision/", supervision.supervision, name="supervision"),
    path("supervision/sign-off/", supervision.sign_off_queue, name="sign-off-queue"),
    path("supervision/lookback/", supervision.lookback_queue, name="lookback-queue"),
    path("supervision/thresholds/", supervision.thresholds, name="thresholds"),
    path("flags/", supervision.flag_list, name="flags"),
    path("flags/<int:pk>/", supervision.flag_detail, name="flag"),
    path("flags/<int:pk>/notice/", supervision.flag_issue_notice, name="flag-issue-notice"),
    path("notices/", supervision.notice_list, name="notices"),
    path("notices/<int:pk>/", supervision.notice_detail, name="notice"),
    path("history/<str:resource>/<int:pk>/", history.record_history, name="record-history"),
    path("history/<str:resource>/<int:pk>/restore/", history.record_restore, name="record-restore"),
]
