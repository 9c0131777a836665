"""The records of a change-feed page as the API shows them, read straight from the
database rows.

A feed page carries up to 1,000 records' current state (``data``), each exactly as
``GET /api/v1/<resource>/<id>/`` shows it. Building a model instance and running
DRF's per-field attribute lookups for every record cost more than the rest of the page
together, so for a serializer made only of plain columns and single foreign keys the
page is read with ``values()`` and each column is passed through the serializer's own
field (its ``to_representation``: dates, decimals, times in the site's zone). Any other
serializer — nested, many-to-many, computed fields, a custom ``to_representation`` —
takes DRF's ordinary path. ``tests/api/test_representation.py`` holds the two paths
equal for every resource of the feed.

The commonest columns skip even the field call (``_converter``): a string, an integer, a
boolean or a date in ISO form is its own representation, and an aware timestamp is moved to
the field's zone once per value with the zone looked up once per page (DRF looks it up for
every value, a third of a page's time). Any value of another shape goes through the field.
"""
import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from rest_framework import ISO_8601
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers
from rest_framework.settings import api_settings

# Field classes whose representation depends on the column's value alone.
PLAIN = (drf_fields.CharField, drf_fields.ChoiceField, drf_fields.IntegerField, drf_fields.DecimalField,
         drf_fields.DateField, drf_fields.DateTimeField, drf_fields.BooleanField, drf_fields.FloatField,
         drf_fields.JSONField, drf_fields.ReadOnlyField, drf_fields.UUIDField)


def _columns(serializer, queryset):
    """[(field, name, column)] when every readable field is one column of ``queryset`` (a
    foreign key's id has no field: it is its own representation), else None."""
    method = type(serializer).to_representation
    if method is not serializers.ModelSerializer.to_representation and not getattr(method, "field_by_field", False):
        return None
    model, annotations = queryset.model, queryset.query.annotations
    out = []
    for field in serializer._readable_fields:
        column = _instance_column(model, field)
        if column is None and field.source in annotations and _plain(field):
            column = field.source
        if column is None:
            return None
        out.append((None if isinstance(field, relations.PrimaryKeyRelatedField) else field, field.field_name, column))
    return out


def _plain(field):
    return isinstance(field, PLAIN) and not isinstance(field, drf_fields.SerializerMethodField)


def _iso(field, setting):
    return (getattr(field, "format", setting) or "").lower() == ISO_8601


def _converter(field):
    """value → representation, equal to ``field.to_representation`` (None stays None)."""
    if field is None:  # a foreign key's id
        return None
    general = field.to_representation
    if isinstance(field, drf_fields.DateTimeField) and _iso(field, api_settings.DATETIME_FORMAT):
        zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
        if zone is None:
            return general

        def timestamp(value):
            if type(value) is not dt.datetime or value.tzinfo is None:
                return general(value)
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return timestamp
    if isinstance(field, drf_fields.DateField) and _iso(field, api_settings.DATE_FORMAT):
        return lambda value: value.isoformat() if type(value) is dt.date else general(value)
    own = {drf_fields.CharField: str, drf_fields.IntegerField: int, drf_fields.BooleanField: bool}.get(type(field))
    if own is not None:
        return lambda value: value if type(value) is own else general(value)
    return general


def represent(serializer_class, queryset, context):
    """{pk: representation} of every record of ``queryset``, as ``serializer_class`` shows it."""
    serializer = serializer_class(context=context)
    columns = _columns(serializer, queryset)
    if columns is None:
        objs = list(queryset)
        return {obj.pk: item for obj, item in zip(objs, serializer_class(objs, many=True, context=context).data)}
    pk_name = queryset.model._meta.pk.attname
    names = list(dict.fromkeys([pk_name, *(column for _, _, column in columns)]))
    plan = [(name, column, _converter(field)) for field, name, column in columns]
    out = {}
    for values in queryset.values(*names):
        item = {}
        for name, column, convert in plan:
            value = values[column]
            item[name] = value if value is None or convert is None else convert(value)
        out[values[pk_name]] = item
    return out


def field_by_field(method):
    """Marks a ``to_representation`` that shows each field as DRF's does (no extra or
    changed keys), so that a feed page may still be read with ``values()``."""
    method.field_by_field = True
    return method


def instance_plan(serializer):
    """How ``serializer`` shows a model instance, field by field: ``(name, attribute,
    convert, None)`` for a plain column or a single foreign key's id, read straight off the
    instance, and ``(name, None, None, field)`` for any other field, which takes DRF's own
    path. Built once per serializer (a page's rows share it); see ``show_instance``."""
    model = serializer.Meta.model
    plan = []
    for field in serializer._readable_fields:
        attribute = _instance_column(model, field)
        if attribute is None:
            plan.append((field.field_name, None, None, field))
        else:
            convert = None if isinstance(field, relations.PrimaryKeyRelatedField) else _converter(field)
            plan.append((field.field_name, attribute, convert, None))
    return plan


def _instance_column(model, field):
    """The instance attribute holding ``field``'s value as is, or None when DRF must look."""
    source = field.source
    if "." in source or source == "*":
        return None
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return None
    if not model_field.concrete or model_field.many_to_many:
        return None
    if isinstance(field, relations.PrimaryKeyRelatedField):
        fits = field.pk_field is None and (model_field.many_to_one or model_field.one_to_one)
    else:
        fits = _plain(field) and not model_field.is_relation
    return model_field.attname if fits else None


def show_instance(plan, instance):
    """``instance`` as DRF's ``Serializer.to_representation`` shows it, by ``plan``."""
    out = {}
    for name, attribute, convert, field in plan:
        if field is None:
            value = getattr(instance, attribute)
            out[name] = value if value is None or convert is None else convert(value)
            continue
        try:
            value = field.get_attribute(instance)
        except drf_fields.SkipField:
            continue
        empty = value.pk if isinstance(value, relations.PKOnlyObject) else value
        out[name] = None if empty is None else field.to_representation(value)
    return out
