"""`{% frame_fragment "name" value… %}…{% endframe_fragment %}`: a part of the site's frame (navigation,
footer, the links of the account menu) rendered once per process for each municipality, its
content_version, the language, the script prefix and the values given, then copied (issue 15: the
frame was half of a signed-in page's cost). A page's own text that only catalogue edits change (a
service page's description, facts and channels) is kept the same way, with what else it depends on
named in the tag (catalogue/service.html: the service and today's opening status).

What may go inside: what those keys decide and nothing else. A CSRF token, the request's path or the
user's name would be served to the next visitor, so `{% csrf_token %}` inside is refused when the
template compiles; the rest is the template author's promise, kept by tests that render the frame for
two users, two languages and a changed municipality (tests/web/test_frame_fragments.py).

The copies live in this process (no pickling, no round trip): a municipality's edit bumps its
content_version, which every key holds, and a deploy starts new processes for new templates and
translations. The public_id is in the key as well because a test database reuses primary keys, and
the slug (every link holds it) in case a row is renamed by an UPDATE that moves no version.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()

MAX_FRAGMENTS = 4096  # a municipality × 3 languages × a few dozen current-page names, with room for many
_fragments: dict[tuple, str] = {}


class FrameFragmentNode(template.Node):
    def __init__(self, name: str, vary: list, nodelist):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context):
        municipality = context.get("municipality")  # what the fragment shows, whatever the request's
        if getattr(municipality, "content_version", None) is None:
            return self.nodelist.render(context)
        key = (self.name, municipality.pk, municipality.public_id, municipality.content_version, municipality.slug,
               get_language(), get_script_prefix(), *(v.resolve(context) for v in self.vary))
        try:
            return _fragments[key]
        except KeyError:
            pass
        html = self.nodelist.render(context)  # a SafeString
        if len(_fragments) >= MAX_FRAGMENTS:
            _fragments.clear()  # old versions pile up only after many edits; starting over is cheap
        _fragments[key] = html
        return html


@register.tag
def frame_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% frame_fragment %} needs a quoted name first")
    nodelist = parser.parse(("endframe_fragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError("{% frame_fragment %} must not hold a {% csrf_token %}: it is per visitor")
    name = f"{getattr(parser.origin, 'template_name', '')}:{bits[1][1:-1]}"  # two templates may use one name
    return FrameFragmentNode(name, [parser.compile_filter(b) for b in bits[2:]], nodelist)


def forget_all() -> None:
    _fragments.clear()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    forget_all()  # tests only: a process's settings are otherwise fixed
