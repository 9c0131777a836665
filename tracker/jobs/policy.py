"""The tunable numbers of the jobs, read from settings (which read the environment)."""
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Policy:
    """Escalation ladder and delivery settings.

    ``escalate_after_workdays`` maps a level to the working days a flag may stay at it
    unanswered before it climbs one level (黄→橙, 橙→红); 0 turns that step off.
    ``repeat_yellow_count`` yellows on one subject within ``repeat_yellow_window_days``
    calendar days go straight to a supervision order (督办函); 0 turns it off.
    """

    escalate_after_workdays: dict
    repeat_yellow_count: int = 2
    repeat_yellow_window_days: int = 30
    webhook_max_attempts: int = 6
    webhook_backoff_seconds: int = 30
    webhook_backoff_max_seconds: int = 3600
    webhook_timeout_seconds: int = 10
    webhook_concurrency: int = 8
    email_max_attempts: int = 5
    issuer: str = "生态环境局督查室"

    @classmethod
    def from_settings(cls):
        jobs = getattr(settings, "TRACKER_JOBS", {})
        return cls(
            escalate_after_workdays={
                1: jobs.get("ESCALATE_YELLOW_AFTER_WORKDAYS", 5),
                2: jobs.get("ESCALATE_ORANGE_AFTER_WORKDAYS", 5),
            },
            repeat_yellow_count=jobs.get("REPEAT_YELLOW_COUNT", 2),
            repeat_yellow_window_days=jobs.get("REPEAT_YELLOW_WINDOW_DAYS", 30),
            webhook_max_attempts=jobs.get("WEBHOOK_MAX_ATTEMPTS", 6),
            webhook_backoff_seconds=jobs.get("WEBHOOK_BACKOFF_SECONDS", 30),
            webhook_backoff_max_seconds=jobs.get("WEBHOOK_BACKOFF_MAX_SECONDS", 3600),
            webhook_timeout_seconds=jobs.get("WEBHOOK_TIMEOUT_SECONDS", 10),
            webhook_concurrency=jobs.get("WEBHOOK_CONCURRENCY", 8),
            email_max_attempts=jobs.get("EMAIL_MAX_ATTEMPTS", 5),
            issuer=jobs.get("NOTICE_ISSUER", "生态环境局督查室"),
        )
