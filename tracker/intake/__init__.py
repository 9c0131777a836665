"""Web pages for the speech-to-ledger review (讲话录入与目标确认), for supervisors."""
