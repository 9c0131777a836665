"""System checks that speak to whoever deploys: shown by ``manage.py check`` (and so by
``migrate``) and by ``check --deploy`` in CI."""
from django.core.checks import Warning, register


@register("tracker")
def email_is_configured(app_configs, **kwargs):
    """Production without SMTP keeps every email pending: say so before anyone wonders."""
    from tracker.jobs.notify import email_delivery_problem

    problem = email_delivery_problem()
    return [Warning(problem, hint="EMAIL_HOST=smtp.example.gov.cn EMAIL_PORT=465 …", id="tracker.W001")] if problem else []
