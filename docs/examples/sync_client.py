"""A minimal sync client for the tracker's REST API (requests + pandas).

    python docs/examples/sync_client.py --url http://127.0.0.1:8000 --token KEY pull
    python docs/examples/sync_client.py --url … --token KEY push observations.csv

``pull`` follows the change feed from the cursor saved in ``sync-cursor.txt`` (or does a
full load first) and prints the changes as a DataFrame; ``push`` sends a day of
observations (CSV columns: site, metric, observed_on, value[, note]) in one bulk call.
"""
import argparse
import pathlib
import uuid

import pandas as pd
import requests

FEED_COLUMNS = ["id", "resource", "object_id", "action", "changed_at", "data"]


class TrackerClient:
    def __init__(self, base_url, token, language="en"):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Token {token}", "Accept-Language": language})

    def _get(self, path, **params):
        response = self.session.get(f"{self.base}{path}", params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    # --- reading -----------------------------------------------------------------------------
    def list_all(self, resource, **filters):
        """Every row of a list resource (follows limit/offset pages)."""
        rows, offset = [], 0
        while True:
            page = self._get(f"/{resource}/", limit=500, offset=offset, **filters)
            rows += page["results"]
            offset += len(page["results"])
            if not page["next"] or not page["results"]:
                return pd.DataFrame(rows)

    def head_cursor(self):
        return self._get("/changes/", cursor="head")["next_cursor"]

    def pull_changes(self, cursor=None, limit=500):
        """All changes after ``cursor`` as a DataFrame, and the cursor to store for next time.
        Raises FullResyncNeeded on 410 (the cursor is older than the log's retention)."""
        entries = []
        while True:
            response = self.session.get(f"{self.base}/changes/", params={"cursor": cursor or "", "limit": limit},
                                        timeout=30)
            if response.status_code == 410:
                raise FullResyncNeeded(response.json()["detail"])
            response.raise_for_status()
            body = response.json()
            entries += body["results"]
            cursor = body["next_cursor"]
            if not body["has_more"]:
                frame = pd.DataFrame(entries, columns=FEED_COLUMNS)
                frame["changed_at"] = pd.to_datetime(frame["changed_at"])
                return frame, cursor

    # --- writing -----------------------------------------------------------------------------
    def push_observations(self, frame, *, partial=False, dry_run=False, idempotency_key=None):
        """Upsert a DataFrame of observations (site, metric, observed_on, value[, note]) in one
        transaction. The Idempotency-Key makes a retry after a timeout safe."""
        frame = frame.copy()
        frame["observed_on"] = pd.to_datetime(frame["observed_on"]).dt.strftime("%Y-%m-%d")
        frame["value"] = frame["value"].astype(str)
        rows = frame.where(frame.notna(), None).to_dict(orient="records")
        response = self.session.post(
            f"{self.base}/observations/bulk/", json=rows,
            params={"partial": str(partial).lower(), "dry_run": str(dry_run).lower()},
            headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())}, timeout=120,
        )
        if response.status_code not in (200, 400):
            response.raise_for_status()
        return response.json()


class FullResyncNeeded(Exception):
    """The feed cannot continue from the stored cursor: load everything again."""


def sync(client, cursor_file):
    """The client algorithm: resume from the stored cursor; without one (or on 410) take
    the head cursor *first*, then load the lists, then follow the feed from that head."""
    path = pathlib.Path(cursor_file)
    cursor = path.read_text().strip() if path.exists() else None
    try:
        if cursor is None:
            raise FullResyncNeeded("no cursor yet")
        changes, cursor = client.pull_changes(cursor)
    except FullResyncNeeded:
        cursor = client.head_cursor()
        snapshot = {name: client.list_all(name) for name in ("targets", "observations", "rectification-items")}
        changes, cursor = client.pull_changes(cursor)
        print({name: len(frame) for name, frame in snapshot.items()})
    path.write_text(cursor)
    return changes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--cursor-file", default="sync-cursor.txt")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("pull")
    push = sub.add_parser("push")
    push.add_argument("csv")
    push.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    client = TrackerClient(args.url, args.token)
    if args.command == "pull":
        print(sync(client, args.cursor_file).drop(columns=["data"]).to_string())
    else:
        print(client.push_observations(pd.read_csv(args.csv, dtype={"value": str}), dry_run=args.dry_run))


if __name__ == "__main__":
    main()
