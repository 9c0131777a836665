"""Spreadsheet ledgers (台账) in and out.

Units keep their ledgers in Excel: inspection feedback lists, daily station readings,
fund payment sheets. This package reads them (``files``: guards and readers; ``columns``:
which heading means which field; ``values``: Chinese dates, units of measure, unit
names), turns each row into a row of the bulk upsert services (``kinds``), runs the
import as a dry run or a commit (``importer``), and writes any list back out as
``.xlsx`` or CSV (``export``). Pages, the API and ``manage.py import_ledger`` all call
``importer.import_ledger``.
"""
