"""Celery tasks of the API app (thin; see api.housekeeping)."""
import logging

from celery import shared_task

from tracker.tasks import JOB

logger = logging.getLogger(__name__)


@shared_task(**JOB)
def purge_api_records_task():
    """Nightly: expired idempotency keys and change-log rows past the feed's retention."""
    from api.housekeeping import purge_expired_records

    keys, rows = purge_expired_records()
    logger.info("api housekeeping: %s keys, %s change rows removed", keys, rows)
    return {"idempotency_keys": keys, "change_rows": rows}
