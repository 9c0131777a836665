"""Small template helpers of the pages."""
from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (the dashboard's matrix cells are keyed by category)."""
    return (mapping or {}).get(key)
