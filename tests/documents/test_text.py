"""Contents text: `plain` takes shortcuts for text without markup and for inline-only markup;
they must give exactly what the full HTML reading gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pellucid.server.documents import text

PIECES = ["a", " ", "\n", "\t", "\u00a0", "é", "<b>", "</b>", "<i>x</i>", "&amp;", "&lt;", "&#65;", "&", "<", ">",
          "< b", "<3", "a<b", "<span style='color:red'>", "</span>", "<a href='x'>", "</a>", "<font color=red>",
          "<B>", "<Strong>", "<em/>", "</strike>", "<bogus attr>", "</x>", "{{=@'X'}}", "<br>", "<p>", "</p>",
          "<li>", "<ul>", "<!-- c -->", "<div style='text-align:left'>", "</div>"]


def full_reading(html: str) -> str:
    lines = [text._SPACES.sub(" ", paragraph.text).strip() for paragraph in text.paragraphs(html)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_plain_equals_the_full_html_reading(html):
    assert text.plain(html) == full_reading(html)


def test_examples():
    assert text.plain("<b>Start</b> here") == "Start here"
    assert text.plain("Ship &lt;b&gt;it&lt;/b&gt;?") == "Ship <b>it</b>?"
    assert text.plain("<p>API</p><ul><li>REST</li><li>gRPC</li></ul>") == "API\n• REST\n• gRPC"
