"""The review flow: a supervisor turns a pasted speech into confirmed targets with provenance."""
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import MetricFactory, UserFactory
from tracker.models import SourceDocument, Target, User
from tracker.services import intake
from tracker.services.errors import ServiceError

pytestmark = pytest.mark.django_db

SPEECH = (
    "同志们：\n今年是攻坚之年。2025年全市PM2.5平均浓度为32微克/立方米。\n"
    "今年全市PM2.5年均浓度要控制在30微克/立方米以内，空气质量优良天数比例达到85%以上。\n"
    "各县区要在30个工作日内上报整改方案。"
)


@pytest.fixture
def catalogue():
    return {
        "pm25": MetricFactory(code="pm25", name="PM2.5年均浓度", unit="μg/m³", kind="period_mean", comparator="<="),
        "good": MetricFactory(code="good_day_ratio", name="优良天数比例", unit="%", kind="day_ratio", comparator=">="),
        "milestone": MetricFactory(code="milestone", name="节点任务", unit="", kind="milestone", comparator="="),
    }


def test_text_from_upload_reads_gbk_text():
    assert intake.text_from_upload("讲话.txt", "细颗粒物浓度".encode("gbk")) == "细颗粒物浓度"


def test_text_from_upload_reads_docx():
    import docx

    document = docx.Document()
    document.add_paragraph("优良天数比例达到90%")
    buffer = io.BytesIO()
    document.save(buffer)
    assert "优良天数比例达到90%" in intake.text_from_upload("a.docx", buffer.getvalue())


@pytest.mark.parametrize("name,data", [("a.exe", b"MZ"), ("a.pdf", b"not a pdf"), ("a.docx", b"not a zip")])
def test_unreadable_uploads_get_a_bilingual_error(name, data):
    with pytest.raises(ServiceError) as exc:
        intake.text_from_upload(name, data)
    assert exc.value.zh and exc.value.en and exc.value.zh != exc.value.en


def test_staff_cannot_create_documents(city):
    staff = UserFactory(role=User.Role.STAFF, units=[city["county_a"]])
    with pytest.raises(ServiceError):
        intake.create_document(user=staff, title="x", kind="speech", issued_on=dt.date(2026, 3, 1), text=SPEECH)
    assert not SourceDocument.objects.exists()


def test_supervisor_turns_a_pasted_speech_into_targets_with_provenance(client, supervisor, catalogue, city):
    # given a supervisor who pastes a speech
    client.force_login(supervisor)
    response = client.post("/intake/", {"title": "全市生态环境保护大会讲话", "kind": "speech", "speaker": "市长",
                                        "issued_on": "2026-03-02", "text": SPEECH})
    document = SourceDocument.objects.get()
    assert response.status_code == 302 and response.url == f"/intake/{document.pk}/"

    # when the review page shows the candidates
    page = client.get(response.url)
    assert page.status_code == 200
    rows = page.context["rows"]
    targets = [(c, f) for c, f in rows if c.kind in ("target", "milestone")]
    assert any(c.value == 30 and c.unit == "μg/m³" for c, _ in targets)
    assert all(c.kind != "target" or c.value != 32 for c, _ in rows)  # the 2025 figure is an achievement
    assert "<mark" in page.content.decode()

    # and the supervisor accepts every proposed row with a default lead unit
    data = {"defaults-lead_unit": city["county_a"].pk, "defaults-lead_leader": ""}
    formset = page.context["formset"]
    data.update({f"c-{k}": v for k, v in formset.management_form.initial.items()})
    for i, (c, form) in enumerate(rows):
        initial = form.initial
        data.update({
            f"c-{i}-start": c.start, f"c-{i}-end": c.end, f"c-{i}-title": initial["title"],
            f"c-{i}-metric": initial["metric"].pk if initial["metric"] else "",
            f"c-{i}-kind": initial["kind"], f"c-{i}-comparator": initial["comparator"],
            f"c-{i}-value": "" if initial["value"] is None else initial["value"], f"c-{i}-unit": initial["unit"],
            f"c-{i}-deadline": initial["deadline"] or "2026-12-31", f"c-{i}-lead_unit": "",
        })
        if initial["accept"] and initial["metric"]:
            data[f"c-{i}-accept"] = "on"
    response = client.post(f"/intake/{document.pk}/", data)
    assert response.status_code == 302, response.context and response.context["formset"].errors

    # then the targets exist, each pointing at its sentence in the document
    created = list(Target.objects.filter(source_document=document))
    assert any(t.target_value == 30 and t.metric.code == "pm25" for t in created)
    for t in created:
        assert document.full_text[t.source_start:t.source_end] == t.source_sentence
        assert t.lead_unit == city["county_a"]
        assert t.history.first().history_user == supervisor

    # and submitting the same page again duplicates nothing
    client.post(f"/intake/{document.pk}/", data)
    assert Target.objects.filter(source_document=document).count() == len(created)
    # and a fresh review marks them as already accepted
    again = intake.review_candidates(document)
    assert {c.accepted_target_id for c in again if c.accepted_target_id} == {t.pk for t in created}


def test_staff_cannot_open_the_review_pages(client, city):
    staff = UserFactory(role=User.Role.STAFF, units=[city["county_a"]])
    client.force_login(staff)
    assert client.get("/intake/").status_code == 403


def test_offsets_outside_the_document_are_refused_and_nothing_is_written(supervisor, catalogue, city):
    document = intake.create_document(user=supervisor, title="t", kind="speech", issued_on=dt.date(2026, 3, 2),
                                      text=SPEECH)
    bad = intake.Acceptance(start=0, end=len(SPEECH) + 5, title="x", metric=catalogue["pm25"], comparator="<=",
                            value=30, unit="μg/m³", deadline=dt.date(2026, 12, 31), lead_unit=city["county_a"])
    good = intake.Acceptance(start=0, end=5, title="y", metric=catalogue["pm25"], comparator="<=",
                             value=31, unit="μg/m³", deadline=dt.date(2026, 12, 31), lead_unit=city["county_a"])
    with pytest.raises(ServiceError):
        intake.accept_candidates(document, [good, bad], supervisor)
    assert not Target.objects.exists()


def test_upload_creates_the_document(client, supervisor):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("speech.txt", SPEECH.encode("gbk"), content_type="text/plain")
    response = client.post("/intake/", {"title": "上传", "kind": "speech", "issued_on": "2026-03-02", "upload": upload})
    assert response.status_code == 302
    assert SourceDocument.objects.get().full_text == SPEECH
