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
"""
from django.core.exceptions import FieldDoesNotExist
from rest_framework import fields as drf_fields
from rest_framework import relations, serializers

# Field classes whose representation depends on the column's value alone.
PLAIN = (drf_fields.CharField, drf_fields.ChoiceField, drf_fields.IntegerField, drf_fields.DecimalField,
         drf_fields.DateField, drf_fields.DateTimeField, drf_fields.BooleanField, drf_fields.FloatField,
         drf_fields.JSONField, drf_fields.ReadOnlyField, drf_fields.UUIDField)


def _columns(serializer, queryset):
    """[(field, column)] when every readable field is one column of ``queryset``, else None."""
    if type(serializer).to_representation is not serializers.ModelSerializer.to_representation:
        return None
    model, annotations = queryset.model, queryset.query.annotations
    out = []
    for field in serializer._readable_fields:
        source = field.source
        if "." in source or source == "*":
            return None
        if isinstance(field, relations.PrimaryKeyRelatedField):
            if field.pk_field is not None:
                return None
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:
                return None
            if not (model_field.many_to_one or model_field.one_to_one) or not model_field.concrete:
                return None
            out.append((None, field.field_name, model_field.attname))
        elif isinstance(field, PLAIN) and not isinstance(field, drf_fields.SerializerMethodField):
            if source not in annotations:
                try:
                    model_field = model._meta.get_field(source)
                except FieldDoesNotExist:
                    return None
                if not model_field.concrete or model_field.many_to_many or model_field.is_relation:
                    return None
                source = model_field.attname
            out.append((field, field.field_name, source))
        else:
            return None
    return out


def represent(serializer_class, queryset, context):
    """{pk: representation} of every record of ``queryset``, as ``serializer_class`` shows it."""
    serializer = serializer_class(context=context)
    columns = _columns(serializer, queryset)
    if columns is None:
        objs = list(queryset)
        return {obj.pk: item for obj, item in zip(objs, serializer_class(objs, many=True, context=context).data)}
    pk_name = queryset.model._meta.pk.attname
    names = list(dict.fromkeys([pk_name, *(column for _, _, column in columns)]))
    out = {}
    for values in queryset.values(*names):
        item = {}
        for field, name, column in columns:
            value = values[column]
            item[name] = None if value is None else value if field is None else field.to_representation(value)
        out[values[pk_name]] = item
    return out
