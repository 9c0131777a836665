"""The English catalogue: every message translated, compiled, and served for Accept-Language: en."""
import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from tracker.models import User

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")$')


def parse_po(path):
    """A small .po reader (no polib in the venv): one dict per entry with its flags,
    msgid, optional msgid_plural and msgstr / msgstr[N] strings; the header is skipped."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"unparsable line in {path.name}: {line!r}")
    return [e for e in entries if e["msgid"]]


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_every_message_has_an_english_translation():
    entries = parse_po(PO_FILE)
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(t.strip() for t in translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals and all({"msgstr[0]", "msgstr[1]"} <= e.keys() for e in plurals)


def test_translations_keep_placeholders():
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")
    for entry in parse_po(PO_FILE):
        expected = sorted(placeholder.findall(entry["msgid"]))
        for text in translations(entry):
            assert sorted(placeholder.findall(text)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    """django.mo is what Django reads: it must be compiled from the current .po."""
    with MO_FILE.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for entry in parse_po(PO_FILE):
        if "msgctxt" in entry:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"], entry["msgid"]
        elif "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.fixture(autouse=True)
def _reset_language():
    """LocaleMiddleware activates the request's language on this thread; do not leak it."""
    yield
    translation.deactivate()


@pytest.fixture
def admin_client_user(db, client):
    boss = User.objects.create_superuser("boss", "b@example.com", "pw-123456", role="admin")
    client.force_login(boss)
    return client


@pytest.mark.django_db
def test_admin_index_in_english(admin_client_user):
    response = admin_client_user.get("/admin/", headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Targets" in html
    assert "Rectification items" in html and "Rectification item<" not in html
    assert "Rectification item" in html
    assert "Environmental Target Supervision Ledger" in html
    assert "目标指标" not in html


@pytest.mark.django_db
def test_admin_index_in_chinese(admin_client_user):
    response = admin_client_user.get("/admin/", headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "目标指标" in html
    assert "Targets" not in html


@pytest.mark.django_db
def test_login_page_in_english(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Log in</h1>" in html
    assert "登录" not in html


@pytest.mark.django_db
def test_login_page_in_chinese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "<h1>登录</h1>" in response.content.decode()
