"""Input fields that close whole classes of hole at once.

- Every related field (a foreign key or many-to-many in a request body, or a filter on
  one) only accepts records the acting user may read: ``referable()`` narrows its
  queryset through tracker.access.restrict *before* anything reads the record, so a
  sibling county's id and a missing id get the same answer ("不存在或无权访问 / does not
  exist or is not yours"). Person fields (牵头领导 lead leader) take active leaders only.
- Numbers are numbers: a decimal written with surrounding blanks ("  12 ") is refused,
  not quietly trimmed.
- Dates lie in a sane window (2000–2100, the years the ledger's own constraints allow):
  0001-01-01 and 9999-12-31 are typing errors, not deadlines.
"""
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from tracker.access import READ, restrict
from tracker.models import User
from tracker.services import plausibility
from tracker.services.errors import ServiceError, not_found_or_not_yours as _texts

from .messages import pick


def not_found_or_not_yours():
    """The one answer for a reference that does not exist *or* lies outside the user's scope."""
    return pick(*_texts("该记录", "The record"))


def referable(queryset, user):
    """The rows of ``queryset`` that ``user`` may name in a request: leaders for a person
    field (only leaders lead targets, items and projects), otherwise what they may read."""
    if queryset.model is User:
        return queryset.filter(role=User.Role.LEADER, is_active=True) if _signed_in(user) else queryset.none()
    return restrict(queryset, user, READ)


def _signed_in(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def acting_user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedRelatedMixin:
    """A related field whose choices are narrowed for the acting user, every time."""

    def get_queryset(self):
        return referable(super().get_queryset(), acting_user(self))

    def fail(self, key, **kwargs):
        if key == "does_not_exist":
            raise serializers.ValidationError(not_found_or_not_yours(), code=key)
        super().fail(key, **kwargs)


def listed_attribute(name):
    """Where a list page keeps the ids it prefetched for the many-to-many field ``name``."""
    return f"_listed_{name}"


def listed_rows(instance, name):
    """The related rows ``name`` of ``instance``: a list page's prefetched list when there
    is one, else the relation itself."""
    listed = getattr(instance, listed_attribute(name), None)
    return listed if listed is not None else getattr(instance, name).all()


class ListedManyRelatedField(serializers.ManyRelatedField):
    """A list of ids (co-operating units, sites …). On a list page the view prefetches them
    into a plain list (``listed_attribute``, api.base.prefetch_listed): Django's own
    prefetch builds a related manager and two querysets per row and field, most of a
    50-row page's time. Elsewhere it reads the relation as usual."""

    def get_attribute(self, instance):
        listed = getattr(instance, listed_attribute(self.source), None)
        return listed if listed is not None else super().get_attribute(instance)


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update((key, value) for key, value in kwargs.items() if key in MANY_RELATION_KWARGS)
        return ListedManyRelatedField(**list_kwargs)


class ScopedSlugRelatedField(ScopedRelatedMixin, serializers.SlugRelatedField):
    pass


class StrictDecimalField(serializers.DecimalField):
    """A decimal that must be written as one: JSON numbers, or strings with nothing around
    the digits."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, str) and data != data.strip()):
            raise serializers.ValidationError(pick("须为数值，不能带空格。", "Must be a number, without blanks."),
                                              code="invalid")
        return super().to_internal_value(data)


class SaneDateField(serializers.DateField):
    """A date within 2000-01-01 … 2100-12-31."""

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        check_date_window(date)
        return date


def check_date_window(date):
    try:
        plausibility.check_date_window(date)
    except ServiceError as error:
        raise serializers.ValidationError(pick(error.zh, error.en), code="date_out_of_range") from None
