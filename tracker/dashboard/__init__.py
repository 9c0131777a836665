"""The leaders' dashboard (驾驶舱) and the bulletin (通报).

- :mod:`.categories` — which category (air, water, soil, funds, rectification, projects,
  milestones) a record belongs to;
- :mod:`.filters` — the dashboard's filters (year, category, unit subtree, war zone) and
  the links to the lists behind each figure;
- :mod:`.figures` — pure math over loaded frames with an explicit ``as_of`` (no database,
  no clock), like :mod:`tracker.status`;
- :mod:`.loading` — the set-based loading (a fixed number of queries whatever the data size),
  scoped by :func:`tracker.access.restrict`;
- :mod:`.service` and :mod:`.charts` — the figures the API and pages serve;
- :mod:`.cache` — the data version that invalidates cached figures when data change;
- :mod:`.bulletins`, :mod:`.workbook`, :mod:`.views` — the bulletin, its Excel workbook and pages.

See docs/dashboard.md.
"""
