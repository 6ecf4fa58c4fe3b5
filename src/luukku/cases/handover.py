"""The package a case is handed over in (ADR 0005): a ZIP the receiver can read without Luukku.

    case.json                 the case: type, history, answers (raw and labelled), messages,
                              decisions, transfers, the parties (with identity codes: the
                              receiving authority needs them) and why it was handed over
    documents/receipt.pdf     the receipt, as the resident got it
    documents/decision-N.pdf  the decisions, as stored
    attachments/<name>        the files, under safe unique names
    manifest.json             sha256 and size of every other file

Internal notes stay inside the municipality. Entries are sorted and carry the hand-over's time,
so the same hand-over always packs to the same bytes.
"""

import hashlib
import io
import json
import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from luukku.core import clock

from . import decisions, pdf, selectors
from .models import Decision, Message, StatusChange, Transfer

FORMAT = "luukku-handover/1"
MAX_NAME = 100


def build_package(case, handover) -> tuple[bytes, dict, str]:
    """(zip bytes, manifest, sha256 of the zip)."""
    language = case.municipality.default_language
    files: dict[str, bytes] = {"documents/receipt.pdf": pdf.receipt_pdf(case, language)}
    decision_rows = []
    for n, decision in enumerate(Decision.all_objects.filter(case=case).order_by("decided_at", "id"), start=1):
        path = f"documents/decision-{n}.pdf"
        files[path] = _decision_bytes(decision, language)
        decision_rows.append(_decision(decision, path))
    attachment_rows, taken = [], set()
    for attachment in case.attachments.order_by("created_at", "id"):
        path = "attachments/" + unique_name(attachment.name, taken)
        files[path] = _file_bytes(attachment)
        attachment_rows.append({
            "path": path, "name": attachment.name, "content_type": attachment.content_type,
            "size": attachment.size, "sha256": attachment.sha256, "field_key": attachment.field_key,
            "message": str(attachment.message.public_id) if attachment.message_id else None,
        })
    files["case.json"] = _json(_case_json(case, handover, language, decision_rows, attachment_rows))
    manifest = {
        "format": FORMAT, "case": case.reference, "handover": str(handover.public_id),
        "created_at": handover.at.isoformat(), "algorithm": "sha256",
        "files": [{"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                  for path, data in sorted(files.items())],
    }
    files["manifest.json"] = _json(manifest)
    data = _zip(files, handover.at)
    return data, manifest, hashlib.sha256(data).hexdigest()


def unique_name(name: str, taken: set) -> str:
    """A file name safe on every system (letters, digits, . _ -), unique ignoring case among `taken`."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._") or "attachment"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = name, ""
    stem = stem[: MAX_NAME - len(ext) - 6]
    candidate, n = stem + (f".{ext}" if ext else ""), 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}" + (f".{ext}" if ext else "")
    taken.add(candidate.casefold())
    return candidate


def _zip(files: dict, at) -> bytes:
    local = at.astimezone(clock.HELSINKI)
    stamp = (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second // 2 * 2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return buffer.getvalue()


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _file_bytes(attachment) -> bytes:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError):
        # Handing over without a file the resident sent would lose it silently.
        raise ValidationError(_("The file %(name)s of this case is missing from storage, so the case cannot be "
                                "handed over. Ask the administrator to restore it."),
                              code="attachment_missing", params={"name": attachment.name}) from None


def _decision_bytes(decision, language) -> bytes:
    if decision.pdf:
        try:
            with decision.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return pdf.decision_pdf(decision, decision.language or language)


def _user(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def _person(person) -> dict:
    row = {
        "id": str(person.public_id), "first_names": person.first_names, "last_name": person.last_name,
        "name": person.full_name, "birth_date": person.birth_date.isoformat(), "identity_code": person.hetu,
        "email": person.email, "phone": person.phone, "language": person.language,
        "protected_address": person.protected_address,
    }
    if not person.protected_address:
        row["address"] = {"street": person.street_address, "postal_code": person.postal_code,
                          "post_office": person.post_office}
    return row


def _unit(unit) -> dict:
    return {"id": str(unit.public_id), "name": unit.name, "email": unit.email, "phone": unit.phone}


def _decision(decision, path) -> dict:
    return {
        "id": str(decision.public_id), "title": decision.title, "text": decision.body,
        "decided_at": decision.decided_at.isoformat(), "decided_by": _user(decision.decided_by),
        "language": decision.language, "template": str(decision.template.public_id) if decision.template_id else None,
        "values": decision.values, "appeal_instructions": decisions.appeal_text(decision), "document": path,
    }


def _case_json(case, handover, language, decision_rows, attachment_rows) -> dict:
    partner = handover.partner
    history = [{
        "at": c.at.isoformat(), "from": c.from_status, "to": c.to_status, "from_sub_status": c.from_sub_status,
        "to_sub_status": c.to_sub_status, "by_user": _user(c.by_user),
        "by_person": c.by_person.full_name if c.by_person_id else None,
        "on_behalf_of": c.on_behalf_of.full_name if c.on_behalf_of_id else None, "reason": c.reason,
    } for c in StatusChange.all_objects.filter(case=case).select_related("by_user", "by_person", "on_behalf_of")]
    messages = [{
        "id": str(m.public_id), "at": m.created_at.isoformat(), "from_resident": m.from_resident,
        "author": m.author_person.full_name if m.author_person_id else _user(m.author_user),
        "on_behalf_of": m.on_behalf_of.full_name if m.on_behalf_of_id else None, "text": m.body,
        "information_request": m.is_information_request,
        "answer_to": str(m.answer_to.public_id) if m.answer_to_id else None,
    } for m in Message.all_objects.filter(case=case).select_related("author_person", "author_user", "on_behalf_of",
                                                                    "answer_to")]
    transfers = [{
        "at": t.at.isoformat(), "from_unit": _unit(t.from_unit), "to_unit": _unit(t.to_unit), "reason": t.reason,
        "by_user": _user(t.by_user),
    } for t in Transfer.all_objects.filter(case=case).select_related("from_unit", "to_unit", "by_user")]
    return {
        "format": FORMAT,
        "handover": {
            "id": str(handover.public_id), "at": handover.at.isoformat(), "reason": handover.reason,
            "by_user": _user(handover.by_user),
            "partner": {"id": str(partner.public_id), "name": partner.name, "business_id": partner.business_id,
                        "email": partner.email, "phone": partner.phone},
        },
        "municipality": {"name": case.municipality.name, "code": case.municipality.code,
                         "email": case.municipality.email, "phone": case.municipality.phone},
        "case": {
            "id": str(case.public_id), "reference": case.reference,
            "type": {"slug": case.case_type.slug, "name": case.case_type.name},
            "form_version": case.definition.version if case.definition_id else None,
            "channel": case.channel, "status": case.status,
            "sub_status": case.sub_status.code if case.sub_status_id else "",
            "submitted_at": case.submitted_at.isoformat(),
            "due_date": case.due_date.isoformat() if case.due_date else None,
            "decided_at": case.decided_at.isoformat() if case.decided_at else None,
            "unit": _unit(case.unit),
            "status_history": history,
            "answers": {
                "raw": case.data,
                "language": language,
                "labelled": [{"key": a.key, "label": a.label, "value": a.value}
                             for a in selectors.answers(case, language)],
            },
        },
        "applicant": _person(case.applicant),
        "subject": _person(case.subject),
        "acting_under_mandate": case.mandate.kind if case.mandate_id else None,
        "messages": messages,
        "decisions": decision_rows,
        "transfers": transfers,
        "attachments": attachment_rows,
        "documents": [{"path": "documents/receipt.pdf", "kind": "receipt"}]
        + [{"path": d["document"], "kind": "decision", "decision": d["id"]} for d in decision_rows],
    }
