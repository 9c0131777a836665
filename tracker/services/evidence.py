"""Evidence files (佐证材料): what may be stored, and evidence attached to a target.

A file is judged by its bytes, never by its name alone: the extension says what the file
claims to be, the first bytes say what it is, and both must agree (a ``.pdf`` that is an
executable, or a ``.jpg`` that is an HTML page, is refused). Every file of an upload is
checked before any is stored, so a bad file in a batch writes nothing.

Evidence on a rectification item is part of its life cycle (``tracker.services.items``);
evidence on a target backs the progress a unit reports (a monitoring report, an
acceptance record, a payment voucher)."""
import os

from django.db import transaction

from tracker.access import WRITE, restrict
from tracker.models import Evidence, Target

from .errors import ServiceError

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

# Extension → the kind of content it must hold. Office's .docx/.xlsx/.pptx and OFD (the
# Chinese fixed-layout format, 版式文档) are zip packages; the old .doc/.xls/.ppt are OLE2.
EVIDENCE_EXTENSIONS = {
    ".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp",
    ".doc": "ole", ".xls": "ole", ".ppt": "ole", ".docx": "zip", ".xlsx": "zip", ".pptx": "zip",
    ".ofd": "zip", ".zip": "zip", ".txt": "text",
}
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "ole": "Office 97–2003",
              "zip": "ZIP / Office / OFD", "text": "TXT"}
_MAGIC = [
    (b"%PDF-", "pdf"), (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF87a", "gif"),
    (b"GIF89a", "gif"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"PK\x03\x04", "zip"),
]
SNIFF_BYTES = 4096


def sniff_file_kind(head):
    """What the first bytes of a file are: one of EVIDENCE_EXTENSIONS' kinds, or None for
    anything else (an executable, a script, HTML, an unknown binary)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"\x00" not in head and not head.lstrip().lower().startswith((b"<", b"#!")):
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError as error:
                if error.start >= len(head) - 4:  # a character cut at the end of the sample
                    return "text"
                continue
            return "text"
    return None


def _head(upload):
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def check_evidence_file(upload):
    """A piece of evidence is a document, a photo or an archive of them, at most 20 MB,
    whose content is what its name says; anything else is refused before it is stored."""
    name = getattr(upload, "name", "") or ""
    extension = os.path.splitext(name)[1].lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ServiceError(
            f"不支持的文件类型“{extension or name}”，请上传 PDF、图片、Office 文档、TXT、OFD 或 ZIP。",
            f"File type {extension or name!r} is not accepted: upload a PDF, an image, an Office document, "
            "a TXT, an OFD or a ZIP.", field="evidence")
    if (upload.size or 0) > EVIDENCE_MAX_BYTES:
        raise ServiceError("文件超过 20 MB。", "The file is larger than 20 MB.", field="evidence")
    if not upload.size:
        raise ServiceError("文件为空。", "The file is empty.", field="evidence")
    expected = EVIDENCE_EXTENSIONS[extension]
    if sniff_file_kind(_head(upload)) != expected:
        raise ServiceError(
            f"文件“{name}”的内容不是 {KIND_NAMES[expected]} 文件，与扩展名不符，未保存。",
            f"The content of {name!r} is not a {KIND_NAMES[expected]} file as its name says; nothing was saved.",
            field="evidence")


def add_target_evidence(target, user, files, *, description=""):
    """Attach evidence (佐证材料) to a target the user may write (its lead unit's staff, or a
    supervisor); every file is checked first, so on a bad file nothing is stored."""
    if not restrict(Target.objects.filter(pk=target.pk), user, WRITE).exists():
        raise ServiceError("无权为该目标上传佐证材料。", "You may not add evidence to this target.", kind="forbidden")
    if not files:
        raise ServiceError("请选择要上传的文件。", "Choose a file to upload.", field="evidence")
    for upload in files:
        check_evidence_file(upload)
    with transaction.atomic():
        return [Evidence.objects.create(target=target, file=upload, description=description[:300], uploaded_by=user)
                for upload in files]
