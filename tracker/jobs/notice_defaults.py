"""The default wording of the 四书 letters, seeded into ``NoticeTemplate`` by the
migration and used when no row exists. Plain data, no imports: migrations load it."""

_BODY = """{{ unit.name }}：

经{{ issuer }}跟踪监测，你单位牵头负责的{{ subject.label }}“{{ subject.name }}”当前为{{ level }}预警（{{ cause }}）。
{{ flag.reason }}
{% if subject.deadline %}完成时限：{{ subject.deadline|date:"Y年n月j日" }}。
{% endif %}{% if figures_text %}主要数据：{{ figures_text }}。
{% endif %}
{{ demand }}请于{{ response_due|date:"Y年n月j日" }}前（{{ response_workdays }}个工作日内）将{{ reply }}书面报送{{ issuer }}。

{{ issuer }}
{{ notice.issued_at|date:"Y年n月j日" }}
"""

DEFAULT_TEMPLATES = {
    "reminder": {
        "number_prefix": "提示", "response_workdays": 5,
        "title": "关于{{ subject.name }}的预警提示函",
        "body": _BODY.replace("{{ demand }}", "请高度重视，加快推进。").replace("{{ reply }}", "推进措施及进展情况"),
    },
    "warning": {
        "number_prefix": "预警", "response_workdays": 5,
        "title": "关于{{ subject.name }}的预警函",
        "body": _BODY.replace("{{ demand }}", "请立即研究解决措施，确保按期完成。").replace("{{ reply }}", "整改措施及完成时限"),
    },
    "supervision_order": {
        "number_prefix": "督办", "response_workdays": 3,
        "title": "关于{{ subject.name }}的督办函",
        "body": _BODY.replace("{{ demand }}", "该事项已列入督办。请主要负责同志亲自研究部署，").replace(
            "{{ reply }}", "整改方案、责任人及完成时限"),
    },
    "summons": {
        "number_prefix": "约谈", "response_workdays": 3,
        "title": "关于{{ subject.name }}的约谈通知",
        "body": _BODY.replace("{{ demand }}", "经研究，拟约谈你单位主要负责同志。请做好准备，").replace(
            "{{ reply }}", "情况说明及整改承诺"),
    },
}
