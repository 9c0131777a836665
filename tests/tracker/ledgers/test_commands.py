"""``manage.py import_ledger``: the same import from the command line."""
import io

import pytest
from django.core.management import CommandError, call_command

from tracker.models import RectificationItem

from .builders import ITEM_HEADINGS, xlsx

pytestmark = pytest.mark.django_db


def _write(tmp_path, rows, name="台账.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx(rows))
    return str(path)


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ledger", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_then_commit_as_a_named_user(tmp_path, city, supervisor, provincial_round):
    path = _write(tmp_path, [ITEM_HEADINGS, [1, "扬尘", "甲县", "2022年6月30日", "", "", ""]])
    out, err = _run(path, "--kind", "items", "--round", "prov-2022", "--dry-run", "--as", "supervisor")
    assert "created 1" in out and "1/1" in err and RectificationItem.objects.count() == 0
    out, _err = _run(path, "--kind", "items", "--round", "prov-2022", "--as", "supervisor")
    assert "committed" in out and RectificationItem.objects.get().history.first().history_user == supervisor
    out, _err = _run(path, "--kind", "items", "--round", "prov-2022", "--as", "supervisor")
    assert "unchanged 1" in out


def test_row_errors_are_listed_and_fail_the_command(tmp_path, city, supervisor, provincial_round):
    path = _write(tmp_path, [ITEM_HEADINGS, [1, "扬尘", "丙县", "2022-06-30", "", "", ""]])
    with pytest.raises(CommandError):
        out, _err = _run(path, "--kind", "items", "--round", "prov-2022")
    out, _err = _run(path, "--kind", "items", "--round", "prov-2022", "--dry-run")
    assert "第 2 行" in out and "[责任单位]" in out and "丙县" in out


def test_mapping_from_the_command_line(tmp_path, city, supervisor, provincial_round):
    path = _write(tmp_path, [["序号", "问题", "整改主体", "整改时限"], [1, "扬尘", "甲县", "2022-06-30"]])
    with pytest.raises(CommandError) as refused:
        _run(path, "--kind", "items", "--round", "prov-2022")
    assert "--map" in str(refused.value)
    out, _err = _run(path, "--kind", "items", "--round", "prov-2022", "--map", "整改主体=lead_unit")
    assert "created 1" in out


def test_a_refused_file_is_a_command_error(tmp_path, city, supervisor):
    with pytest.raises(CommandError) as refused:
        _run(_write(tmp_path, [["序号"]], name="台账.xlsm"), "--kind", "items")
    assert "宏" in str(refused.value)
