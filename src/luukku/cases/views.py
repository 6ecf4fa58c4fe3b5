"""My cases: the resident's pages. Thin views over cases.selectors and cases.services; every case,
attachment and decision is looked up through the person's own cases, so anything else is a 404."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from luukku.core import clock
from luukku.core.translation import tr
from luukku.people.decorators import resident_page

from . import decisions, files, items, pdf, selectors, services
from .forms import MAX_FILES, AnswerForm, DecisionAnswerForm, MessageForm, ReviewForm, WithdrawForm, uploaded_files
from .models import Decision, DecisionAnswer, Message, case_rows


def _case_url(case, lang):
    return reverse("cases:case", kwargs={"municipality": case.municipality.slug, "lang": lang,
                                         "case_id": case.public_id})


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@resident_page
@require_safe
def my_cases(request, municipality, lang):
    person = request.person
    everyone = selectors.acted_for(person)
    all_items = items.my_items(person, lang)
    chosen = request.GET.get("henkilo", "")
    people = [p for p, _m in everyone]
    if chosen and any(str(p.public_id) == chosen for p in people):
        shown = [i for i in all_items if str(i.concerns.public_id) == chosen]
    else:
        chosen, shown = "", all_items
    groups = []
    for p in people:
        group = [i for i in shown if i.concerns.pk == p.pk]
        if group:
            groups.append({"person": p, "is_self": p.pk == person.pk, "items": group})
    others = [i for i in shown if i.concerns.pk not in {p.pk for p in people}]
    if others:  # cases they applied for someone they no longer act for
        groups.append({"person": None, "is_self": False, "items": others})
    return render(request, "cases/my_cases.html", {
        "groups": groups, "people": people, "chosen": chosen, "person": person,
        "action_count": sum(1 for i in shown if i.action_required), "total": len(all_items),
    })


def _decisions(case, lang, person, answers, decision_form=None, form_for=None):
    rows = case_rows(Decision, case)
    states = {s.decision.pk: s for s in selectors.answer_states([case], decisions=rows, answers=answers)
              .get(case.pk, [])}
    reviews = selectors.reviews_of(rows)
    visible = set(selectors.cases_for(person).filter(review_of__in=rows).values_list("pk", flat=True)) \
        if reviews else set()
    for decision in rows:  # shown under the decision, not only in its PDF
        decision.case = case
        decision.appeal = decisions.appeal_text(decision, lang)
        decision.lang_attr = decision.language if decision.language and decision.language != lang else ""
        decision.answer_state = states.get(decision.pk)
        decision.answer_form = (decision_form if form_for == decision.pk else None) or DecisionAnswerForm()
        decision.review_cases = [r for r in reviews.get(decision.pk, []) if r.pk in visible]
        decision.reviewable = case.case_type.slug != selectors.REVIEW_CASE_TYPE  # a review's decision: to court
    return rows


def _render_case(request, case, lang, *, message_form=None, answer_form=None, decision_form=None,
                 decision_id=None, errors=(), status=200):
    info = selectors.status_text(case, lang)
    attachments = selectors.files_of(case)  # the list below, file answers and the messages' files: one read
    answers = case_rows(DecisionAnswer, case, "by_person", "on_behalf_of")
    decided = _decisions(case, lang, request.person, answers, decision_form, decision_id)
    info = selectors.with_answers(info, [d.answer_state for d in decided if d.answer_state], lang)
    timeline = selectors.timeline(case, transfers=True, language=lang, decisions=decided, decision_answers=answers,
                                  attachments=attachments)
    review_of = None
    if case.review_of_id:  # the decision this case asks to correct, when the person may see its case
        review_of = Decision.all_objects.filter(pk=case.review_of_id,
                                                case__in=selectors.cases_for(request.person)).select_related(
            "case").first()
    return render(request, "cases/case.html", {
        "case": case,
        "info": info,
        "handling": selectors.handling(case, lang),
        "timeline": timeline,
        "answers": selectors.answers(case, lang, attachments=attachments),
        "attachments": [a for a in attachments if a.message_id is None],
        "decisions": decided,
        "review_of": review_of,
        "open_request": selectors.open_request(case, [e.item for e in timeline if e.kind == "message"]),
        "can_add": selectors.can_add(case),
        "can_withdraw": selectors.can_add(case),
        "message_form": message_form or MessageForm(),
        "answer_form": answer_form or AnswerForm(),
        "errors": list(errors),
        "max_files": MAX_FILES,
        "person": request.person,
    }, status=status)


@resident_page
@require_safe
def case_page(request, municipality, lang, case_id):
    case = selectors.case_for(request.person, case_id)
    return _render_case(request, case, lang)


def _files_or_error(request):
    files = uploaded_files(request)
    if len(files) > MAX_FILES:
        raise ValidationError(_("At most %(n)s files can be added at a time.") % {"n": MAX_FILES})
    return files


@resident_page
@require_POST
def post_message(request, municipality, lang, case_id):
    case = selectors.case_for(request.person, case_id)
    form = MessageForm(request.POST)
    if not selectors.can_add(case):
        return _render_case(request, case, lang, message_form=form, status=409, errors=[
            _("This case is closed, so nothing can be added to it. Your text was not sent.")])
    if not form.is_valid():
        return _render_case(request, case, lang, message_form=form, status=400)
    try:
        services.send_message(case, by_person=request.person, body=form.cleaned_data["body"],
                              files=_files_or_error(request))
    except ValidationError as exc:
        return _render_case(request, case, lang, message_form=form, errors=_errors(exc), status=400)
    except PermissionDenied:
        raise Http404("no such case") from None
    messages.success(request, _("Your message was sent."))
    return redirect(_case_url(case, lang) + "#messages")


@resident_page
@require_POST
def post_answer(request, municipality, lang, case_id, message_id):
    case = selectors.case_for(request.person, case_id)
    request_message = Message.all_objects.filter(case=case, public_id=message_id, is_information_request=True).first()
    if request_message is None:
        raise Http404("no such request")
    form = AnswerForm(request.POST)
    if not selectors.can_add(case):
        return _render_case(request, case, lang, answer_form=form, status=409, errors=[
            _("This case is closed, so nothing can be added to it. Your text was not sent.")])
    if not form.is_valid():
        return _render_case(request, case, lang, answer_form=form, status=400)
    try:
        services.answer_information_request(request_message, request.person, form.cleaned_data["body"],
                                            files=_files_or_error(request))
    except ValidationError as exc:
        return _render_case(request, case, lang, answer_form=form, errors=_errors(exc), status=400)
    except PermissionDenied:
        raise Http404("no such case") from None
    messages.success(request, _("Your answer was sent to the handler."))
    return redirect(_case_url(case, lang))


@resident_page
@require_http_methods(["GET", "POST"])
def withdraw_case(request, municipality, lang, case_id):
    case = selectors.case_for(request.person, case_id)
    form = WithdrawForm(request.POST or None)
    errors = []
    if not selectors.can_add(case):
        errors = [_("This case is closed, so it can no longer be withdrawn.")]
    elif request.method == "POST" and form.is_valid():
        try:
            services.withdraw(case, request.person, form.cleaned_data["reason"])
        except ValidationError as exc:
            errors = _errors(exc)
        except PermissionDenied:
            raise Http404("no such case") from None
        else:
            messages.success(request, _("Your case was withdrawn."))
            return redirect(_case_url(case, lang))
    status = 409 if errors else (400 if request.method == "POST" else 200)
    return render(request, "cases/withdraw.html", {"case": case, "form": form, "errors": errors},
                  status=status)


@resident_page
@require_safe
def receipt(request, municipality, lang, case_id):
    case = selectors.case_for(request.person, case_id)
    response = HttpResponse(pdf.receipt_pdf(case, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.reference}.pdf"'
    return response


@resident_page
@require_safe
def attachment(request, municipality, lang, case_id, attachment_id):
    case = selectors.case_for(request.person, case_id)
    row = files.attachment_of(case, attachment_id)
    return files.stored_file(row.file, filename=row.name, content_type=row.content_type)


@resident_page
@require_safe
def decision_pdf(request, municipality, lang, case_id, decision_id):
    case = selectors.case_for(request.person, case_id)
    return files.decision_response(case, files.decision_of(case, decision_id), lang)


@resident_page
@require_POST
def answer_decision(request, municipality, lang, case_id, decision_id):
    """Accept or decline a decision that asks for an answer; a refusal re-shows the form as typed."""
    case = selectors.case_for(request.person, case_id)
    decision = files.decision_of(case, decision_id)
    form = DecisionAnswerForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, lang, decision_form=form, decision_id=decision.pk, status=400,
                            errors=[e for errs in form.errors.values() for e in errs])
    try:
        services.answer_decision(decision, request.person, form.cleaned_data["answer"],
                                 form.cleaned_data["message"])
    except ValidationError as exc:
        return _render_case(request, case, lang, decision_form=form, decision_id=decision.pk, status=409,
                            errors=_errors(exc))
    except PermissionDenied:
        raise Http404("no such case") from None
    if form.cleaned_data["answer"] == "accept":
        messages.success(request, _("Thank you. Your answer was saved: you accept the decision."))
    else:
        messages.success(request, _("Thank you. Your answer was saved: you decline the decision."))
    return redirect(_case_url(case, lang) + f"#decision-{decision.public_id}")


@resident_page
@require_http_methods(["GET", "POST"])
def request_review(request, municipality, lang, case_id, decision_id):
    """Request a review (oikaisuvaatimus) of a decision: the form names the decision, the body, the
    notification day and the deadline; a late request is still taken, and says so."""
    case = selectors.case_for(request.person, case_id)
    decision = files.decision_of(case, decision_id)
    decision.case = case
    form = ReviewForm(request.POST or None)
    errors, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                files_ = _files_or_error(request)
                review = services.request_review(decision, request.person, form.cleaned_data["grounds"],
                                                 form.cleaned_data["demand"], files=files_)
            except ValidationError as exc:
                errors = _errors(exc)
            except PermissionDenied:
                raise Http404("no such case") from None
            else:
                messages.success(request, _("Your request for review was sent. Its case reference is "
                                            "%(reference)s.") % {"reference": review.reference})
                return redirect(_case_url(review, lang))
        else:
            errors = [e for errs in form.errors.values() for e in errs]
    deadline = decisions.appeal_deadline(decision)
    return render(request, "cases/review.html", {
        "case": case, "decision": decision, "form": form, "errors": errors, "max_files": MAX_FILES,
        "notified": decisions.notification_date(decision), "deadline": deadline,
        "by_post": decisions.delivery(decision) == "post",
        "late": clock.today() > deadline, "review_body": decision.review_body or tr(case.municipality.name, lang),
    }, status=status)
