"""The web pages (页面) for staff, supervisors and leaders.

Laid out like ``api/``: thin views (``views/``) that validate a form and call a service in
``tracker.services``, tables from django-tables2 (``tables.py``), the API's FilterSets for
every list, and the one access rule (``tracker.access``) for every query and action. The
navigation (``nav.py``) shows each role only what it may use, so no link leads to a 403.
"""
