"""Structured logs: one JSON object per line on stdout, for journald or any collector.

Every record carries ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``;
whatever a caller passes in ``extra=`` (the security log's ``user``, ``address``,
``object`` …) becomes a field of its own, and gunicorn's access records get the request's
method line, status, size and duration as fields. ``LOG_FORMAT=text`` gives plain lines.
"""
import json
import logging
from datetime import datetime, timezone

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_ACCESS_FIELDS = {"h": "address", "r": "request", "s": "status", "b": "bytes", "L": "seconds",
                  "f": "referer", "a": "user_agent"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            entry = {"message": f"{atoms.get('r', '')} {atoms.get('s', '')}",
                     **{field: atoms.get(atom) for atom, field in _ACCESS_FIELDS.items()}}
        else:
            entry = {"message": record.getMessage()}
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, **entry}
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
