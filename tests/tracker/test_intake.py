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


# --- the speech's date --------------------------------------------------------------------

UNDATED_PLAN = (
    "2027年全县生态环境保护工作要点\n"
    "一、PM2.5年均浓度控制在30微克/立方米以内。\n"
    "二、3月底前印发年度实施方案。\n"
)


def test_reading_the_date_prefills_it_in_iso_and_says_where_it_came_from(client, supervisor):
    # given: a Chinese browser (zh-CN formats dates 2027/01/01, which <input type=date> rejects)
    client.force_login(supervisor)
    # when the supervisor asks the page to read the date from the pasted text
    page = client.post("/intake/", {"title": "工作要点", "kind": "plan", "text": UNDATED_PLAN, "infer": "1"},
                       HTTP_ACCEPT_LANGUAGE="zh-CN")
    # then nothing is created yet, the date is prefilled as ISO and the page says why
    html = page.content.decode()
    assert page.status_code == 200 and not SourceDocument.objects.exists()
    assert 'type="date" name="issued_on" value="2027-01-01"' in html
    assert "2027/01/01" not in html
    assert "根据文本推断" in html


def test_the_speech_date_is_required(client, supervisor):
    # given
    client.force_login(supervisor)
    # when the date is left empty
    page = client.post("/intake/", {"title": "工作要点", "kind": "plan", "text": UNDATED_PLAN})
    # then nothing is written and the field says so, in both languages
    assert page.status_code == 200 and not SourceDocument.objects.exists()
    assert "Enter the speech" in page.content.decode()
    assert 'name="issued_on"' in page.content.decode() and "required" in str(page.context["form"]["issued_on"])


def test_an_upload_is_read_for_its_date_and_its_text_kept(client, supervisor):
    client.force_login(supervisor)
    upload = SimpleUploadedFile("plan.txt", UNDATED_PLAN.encode("gbk"), content_type="text/plain")
    page = client.post("/intake/", {"title": "工作要点", "kind": "plan", "upload": upload, "infer": "1"})
    assert page.context["form"]["text"].value() == UNDATED_PLAN
    assert page.context["form"]["issued_on"].value() == "2027-01-01"


def test_candidate_deadlines_render_in_iso_under_a_chinese_locale(client, supervisor, catalogue):
    # given
    document = intake.create_document(user=supervisor, title="t", kind="plan", issued_on=dt.date(2027, 1, 1),
                                      text=UNDATED_PLAN)
    client.force_login(supervisor)
    # when
    html = client.get(f"/intake/{document.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    # then: 3月底前 → 2027-03-31, and the page names the date used
    assert 'value="2027-03-31"' in html and "2027/03/31" not in html
    assert "2027-01-01：根据文本推断" in html


@pytest.mark.parametrize(
    "issued_on, expected",
    [
        (dt.date(2027, 1, 1), "2027-01-01：根据文本推断（规划年度、开头的月日）"),
        (dt.date(2027, 2, 5), "2027-02-05：人工填写（文本推断为 2027-01-01）"),
    ],
)
def test_date_used_says_whether_the_date_was_inferred_or_entered(supervisor, issued_on, expected):
    document = intake.create_document(user=supervisor, title="t", kind="plan", issued_on=issued_on, text=UNDATED_PLAN)
    assert intake.date_used(document)[0] == expected


# --- rectification items ------------------------------------------------------------------

FEEDBACK = (
    "甲县落实督察反馈问题整改清单\n"
    "问题1：县城污水处理厂出水超标。\n责任单位：甲县、乙县\n整改时限：2026年8月31日前\n"
    "问题2：园区危险废物违规堆存。\n牵头单位：乙县\n配合单位：甲县一镇\n整改时限：2026年10月底前\n"
)


def _item_post(page, round_pk, accept=(0, 1)):
    data = {"action": "items", "items-round": round_pk, "items-lead_unit": ""}
    data.update({f"i-{k}": v for k, v in page.context["item_formset"].management_form.initial.items()})
    for i, (item, form) in enumerate(page.context["item_rows"]):
        initial = form.initial
        data.update({
            f"i-{i}-start": item.start, f"i-{i}-end": item.end, f"i-{i}-number": initial["number"],
            f"i-{i}-problem": initial["problem"], f"i-{i}-measures": initial["measures"],
            f"i-{i}-lead_unit": initial["lead_unit"].pk if initial["lead_unit"] else "",
            f"i-{i}-co_units": [u.pk for u in initial["co_units"]],
            f"i-{i}-deadline": initial["deadline"].isoformat() if initial["deadline"] else "",
        })
        if i in accept:
            data[f"i-{i}-accept"] = "on"
    return data


def test_supervisor_creates_rectification_items_from_a_feedback_list(client, supervisor, city):
    # given a feedback list on file and the inspection round it belongs to
    from tests.factories import InspectionRoundFactory
    from tracker.models import RectificationItem

    round_ = InspectionRoundFactory()
    document = intake.create_document(user=supervisor, title="整改清单", kind="inspection_feedback",
                                      issued_on=dt.date(2026, 6, 1), text=FEEDBACK)
    client.force_login(supervisor)
    page = client.get(f"/intake/{document.pk}/")
    assert [item.number for item, _ in page.context["item_rows"]] == ["1", "2"]

    # when the supervisor confirms both items
    data = _item_post(page, round_.pk)
    response = client.post(f"/intake/{document.pk}/", data)

    # then each item has its unit, co-operating units, deadline and provenance
    assert response.status_code == 302
    items = {i.number: i for i in RectificationItem.objects.filter(round=round_)}
    assert (items["1"].lead_unit, set(items["1"].co_units.all())) == (city["county_a"], {city["county_b"]})
    assert (items["2"].lead_unit, set(items["2"].co_units.all())) == (city["county_b"], {city["town_a"]})
    assert (items["1"].deadline, items["2"].deadline) == (dt.date(2026, 8, 31), dt.date(2026, 10, 31))
    for item in items.values():
        assert FEEDBACK[item.source_start:item.source_end] == item.source_sentence == item.problem
        assert item.history.first().history_user == supervisor
    # and submitting again creates nothing twice; the review marks them as created
    client.post(f"/intake/{document.pk}/", data)
    assert RectificationItem.objects.filter(round=round_).count() == 2
    assert all(item.accepted_item_id for item in intake.review_items(document))


def test_an_item_without_a_lead_unit_writes_nothing(client, supervisor, city):
    from tests.factories import InspectionRoundFactory
    from tracker.models import RectificationItem

    round_ = InspectionRoundFactory()
    text = "问题1：扬尘管控不到位。\n责任单位：不存在的单位\n整改时限：2026年8月31日前\n"
    document = intake.create_document(user=supervisor, title="t", kind="inspection_feedback",
                                      issued_on=dt.date(2026, 6, 1), text=text)
    client.force_login(supervisor)
    page = client.get(f"/intake/{document.pk}/")
    response = client.post(f"/intake/{document.pk}/", _item_post(page, round_.pk, accept=(0,)))
    assert response.status_code == 200
    assert not RectificationItem.objects.exists()


def test_staff_may_not_accept_items(supervisor, city):
    from tests.factories import InspectionRoundFactory

    round_ = InspectionRoundFactory()
    staff = UserFactory(role=User.Role.STAFF, units=[city["county_a"]])
    document = intake.create_document(user=supervisor, title="t", kind="inspection_feedback",
                                      issued_on=dt.date(2026, 6, 1), text=FEEDBACK)
    row = intake.ItemAcceptance(start=0, end=5, number="1", problem="p", measures="", lead_unit=city["county_a"],
                                deadline=dt.date(2026, 8, 31))
    with pytest.raises(ServiceError) as exc:
        intake.accept_items(document, round_, [row], staff)
    assert exc.value.kind == "forbidden"


def test_a_bad_item_row_writes_nothing(supervisor, city):
    from tests.factories import InspectionRoundFactory
    from tracker.models import RectificationItem

    round_ = InspectionRoundFactory()
    document = intake.create_document(user=supervisor, title="t", kind="inspection_feedback",
                                      issued_on=dt.date(2026, 6, 1), text=FEEDBACK)
    good = intake.ItemAcceptance(start=0, end=5, number="1", problem="p", measures="", lead_unit=city["county_a"],
                                 deadline=dt.date(2026, 8, 31))
    bad = intake.ItemAcceptance(start=0, end=len(FEEDBACK) + 9, number="2", problem="q", measures="",
                                lead_unit=city["county_a"], deadline=dt.date(2026, 8, 31))
    with pytest.raises(ServiceError):
        intake.accept_items(document, round_, [good, bad], supervisor)
    assert not RectificationItem.objects.exists()


@pytest.mark.parametrize("name, expected", [("甲县", "甲县"), ("市甲县", "甲县"), ("丙县", None), ("", None)])
def test_a_unit_named_in_the_text_is_matched_by_its_name(city, name, expected):
    found = intake.match_unit(name, list(city.values()))
    assert (found.name if found else None) == expected
