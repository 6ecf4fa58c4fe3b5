"""What the staff pages of every app do alike. One place, so that paginating, showing a refusal
and a POST action behave the same on a case, a feedback item and a campaign."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from luukku.core import selectors as core_selectors
from luukku.core.compiled import compiled_query, first_of
from luukku.core.models import Role, Unit


def page_url(request, lang, name, **kwargs) -> str:
    """The address of a page under /<municipality>/<lang>/ of the request's municipality."""
    return reverse(name, kwargs={"municipality": request.municipality.slug, "lang": lang, **kwargs})


def own_or_404(queryset, request, public_id, **filters):
    """The row of this municipality with this public id, or 404 (another municipality's is not there)."""
    manager = getattr(queryset, "all_objects", queryset)
    obj = manager.filter(municipality=request.municipality, public_id=public_id, **filters).first()
    if obj is None:
        raise Http404("not in this municipality")
    return obj


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows: counting a busy unit's whole queue costs more than the page
    (bench/RESULTS.md); past the cap the page says to narrow the filters."""

    cap = 1000

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def first_page(rows: list, count: int, per_page: int):
    """Page 1 of a CappedPaginator whose rows and capped count the caller has read itself (queries
    compiled once per shape, core.compiled): the same Page as get_page(1) would give."""
    paginator = CappedPaginator(rows, per_page)
    paginator.__dict__["count"] = count  # the cached_property, filled
    return paginator.page(1)


def summary(prefix, form) -> list[tuple[str, str]]:
    """(message, link) for the page's error summary (web/staff/_errors.html): each error links to its
    field (`#<prefix>-<field>`), a form-wide one to the form (`#<prefix>-form`)."""
    return [(str(e), f"#{prefix}-{name}" if name != "__all__" else f"#{prefix}-form")
            for name, errs in form.errors.items() for e in errs]


# A refusal without a field, by its code: the field it is about when the form has one.
CODE_FIELDS = {"required": ("body", "reason", "text"), "other_municipality": ("unit",), "same_unit": ("unit",),
               "unknown_partner": ("partner",), "invalid_transition": ("status",),
               "invalid_sub_status": ("sub_status",), "not_a_handler": ("assignee",)}


def add_service_errors(form, exc: ValidationError) -> None:
    """The service's refusal next to the field it is about (per field when it names them)."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
        return
    for error in exc.error_list:
        name = next((n for n in CODE_FIELDS.get(error.code, ()) if n in form.fields), None)
        form.add_error(name, error)


def reading_role(user, municipality, *, handles: bool) -> str:
    """The role a staff member reads personal data in, for the audit trail: a handler of the item's
    unit reads as a case handler, else a manager reads as one; anyone else the gate let in is an
    administrator."""
    roles = {m.role for m in core_selectors.memberships_of(user, municipality)}
    if handles and Role.CASE_HANDLER in roles:
        return Role.CASE_HANDLER
    return Role.MANAGER if Role.MANAGER in roles else Role.ADMINISTRATOR


@compiled_query("web.staff.unit")
def _unit(municipality_id: int, public_id: uuid.UUID) -> QuerySet:
    return first_of(Unit.all_objects.filter(municipality=municipality_id, public_id=public_id))


def readable_unit(request, unit_id, units):
    """The unit `unit_id` of this municipality when it is among `units` (None: every unit); 404
    otherwise, so that other units' queues are not revealed."""
    unit = next(iter(_unit(request.municipality.pk, unit_id)), None) if isinstance(unit_id, uuid.UUID) else \
        Unit.all_objects.filter(municipality=request.municipality, public_id=unit_id).first()
    if unit is None or (units is not None and unit.pk not in {u.pk for u in units}):
        raise Http404("no such unit")
    return unit


def action_view(action, *, gate, load, may_act, make_form, run, render):
    """A POST action of a staff page (the case page, the feedback page): the item the user may read
    (`load`, else 404), then may act on (`may_act`, else 403: the page showed no such form), the form,
    then the service (`run` → (message, url)). Success: back with the message. A refusal of the
    form or of the service (ValidationError): the page again (400) with the message by its field,
    what the user typed kept, the item as it is now (someone else may have changed it)."""

    @gate
    @require_POST
    def view(request, municipality, lang, **kwargs):
        item = load(request, **kwargs)
        if not may_act(request.user, item):
            raise PermissionDenied
        form = make_form(request, item)
        if form.is_valid():
            try:
                text, url = run(request, item, form, lang)
            except ValidationError as exc:
                add_service_errors(form, exc)
                item.refresh_from_db()
            else:
                if not form.errors:
                    messages.success(request, text)
                    return redirect(url)
        return render(request, item, lang, action=action, form=form, status=400)

    view.__name__ = f"{action}_action"
    return view
