from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("目标任务督办台账")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from . import checks, roles  # noqa: F401 — checks registers itself
        from .dashboard import cache as dashboard_cache
        from .models import User

        from .services import audit

        post_migrate.connect(roles.ensure_role_groups, sender=self, dispatch_uid="tracker-role-groups")
        post_migrate.connect(audit.protect_history_in_database, sender=self, dispatch_uid="tracker-history-triggers")
        audit.connect(self.get_models())  # set-based writes get history rows; history is append-only
        post_save.connect(_apply_role, sender=User, dispatch_uid="tracker-apply-role")
        dashboard_cache.connect_signals()  # cached dashboard figures go stale on every write


def _apply_role(sender, instance, raw=False, **kwargs):
    if not raw:
        from .roles import apply_role

        apply_role(instance)
