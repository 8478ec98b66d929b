"""The SVG renderer, checked on documents built in the model: every shape type draws and parses,
paint order, rotation and opacity, strokes, endpoints and routes, arrowheads, text (real,
wrapped, shrunk, styled), image fills, content boxes, and that nothing a document holds can
break out of the SVG. Pixels come from the real export pipeline at 96 dpi (1 px = 1 page px)."""

from __future__ import annotations

import base64
import io
import re

import pytest
from defusedxml import ElementTree
from PIL import Image

from pellucid.server.documents import export, fonts, render
from pellucid.server.documents.lines import Resolver
from pellucid.server.documents.model import (
    Endpoint,
    Fill,
    Group,
    Layer,
    LineText,
    PageSettings,
    Style,
    TextArea,
)
from pellucid.server.documents.shapes import BUILDERS
from tests.documents.models import (
    Picture,
    at,
    close,
    hex_rgb,
    line,
    on_shape,
    pixels,
    shape,
    single,
    stroke,
    tv1,
    tv6,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
FILL = "#3366cc"
WHITE = (255, 255, 255)

# Where a shape's own fill shows (unit coordinates of its box), for types whose middle holds
# a line; types with no fill at all are listed apart.
PROBES = {"rightTriangle": (0.3, 0.7), "or": (0.7, 0.6), "summingJunction": (0.75, 0.5)}
UNFILLED = {"text", "hotspot", "braceContainer", "bracketContainer", "note", "braceNote", "freehandDrawing"}


def png(content, page, **kw) -> Picture:
    kw.setdefault("dpi", 96)
    image = export.export_image(content, page, **kw)
    region = export.region_for(page, kw.get("crop"))
    return Picture(image.data, image.dpi, region[:2])


def parse(svg: str):
    return ElementTree.fromstring(svg)


@pytest.mark.parametrize("shape_type", sorted(BUILDERS) + ["noSuchType"])
def test_every_shape_type_renders_parses_and_shows_its_fill(shape_type):
    extra = {"vertices": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}, {"x": 0, "y": 1}]} \
        if shape_type == "flexiblePolygon" else {}
    if shape_type == "freehandDrawing":
        extra = {"points": [{"x": 0, "y": 0}, {"x": 100, "y": 80}], "offset": {"x": 100, "y": 100}}
    content, page = single(shape("s", shape_type, 100, 100, 200, 160, fill=FILL, extra=extra))
    svg = render.page_svg(content, page)
    root = parse(svg)
    assert root.tag == f"{SVG_NS}svg" and root.get("viewBox") == "0 0 816 1056"
    assert root.find(f".//{SVG_NS}g[@data-id='s']") is not None
    picture = png(content, page)
    u, v = PROBES.get(shape_type, (0.5, 0.5))
    colour = picture.at(100 + 200 * u, 100 + 160 * v)
    if shape_type in UNFILLED:
        assert colour == WHITE or shape_type == "freehandDrawing"
    else:
        assert close(colour, hex_rgb(FILL)), (shape_type, colour)
    assert picture.at(20, 20) == WHITE


def test_shape_types_with_properties_follow_them():
    star = shape("star", "polyStar", 0, 0, 100, 100, fill=FILL, extra={"shape": {"numPoints": 4, "innerRadius": 0.1}})
    left = shape("arrow", "singleArrow", 200, 0, 100, 100, fill=FILL, extra={"orientation": "left"})
    content, page = single(star, left)
    picture = png(content, page)
    assert close(picture.at(50, 35), hex_rgb(FILL))  # a point of the star straight up
    assert picture.at(20, 20) == WHITE  # between two of its four thin points
    assert close(picture.at(205, 50), hex_rgb(FILL)) and picture.at(295, 10) == WHITE  # points left


def test_swimlanes_have_a_title_bar_lanes_with_headers_and_their_titles():
    lanes = shape("pool", "swimLanes", 0, 0, 300, 200, "Pool", extra={
        "vertical": False, "titleBar": {"height": 30, "verticalText": True},
        "lanes": [{"title": "Sales", "width": 100, "headerFill": "#ff0000", "laneFill": "#00ff00"},
                  {"title": "Ops", "width": 200, "headerFill": "#0000ff"}]})
    lanes.text_areas.append(TextArea("Lane 2", "Operations"))
    content, page = single(lanes)
    svg = render.page_svg(content, page)
    assert "Pool" in svg and "Sales" in svg and "Operations" in svg and ">Ops<" not in svg
    picture = png(content, page)
    assert close(picture.at(5, 45), (255, 0, 0)) and close(picture.at(50, 150), (0, 255, 0))
    assert close(picture.at(295, 45), (0, 0, 255)) and picture.at(200, 150) == WHITE


def test_tables_lay_out_cells_merges_and_cell_fills():
    table = shape("t", "table", 0, 0, 300, 90, extra={
        "rowCount": 3, "colCount": 3, "userSpecifiedCols": [{"index": 0, "size": 150}],
        "cells": [{"xPosition": 0, "yPosition": 0, "mergeCellsRight": 1, "text": "Head",
                   "style": {"fill": {"type": "color", "color": "#ff0000"}}},
                  {"xPosition": 2, "yPosition": 2, "style": {"fill": {"type": "color", "color": "#00ff00"}}}]})
    table.text_areas.append(TextArea("Cell 1,1", "middle cell"))
    content, page = single(table)
    svg = render.page_svg(content, page)
    assert "Head" in svg and "middle cell" in svg
    picture = png(content, page)
    assert close(picture.at(160, 3), (255, 0, 0))  # the merged cell spans the first two columns
    assert close(picture.at(280, 85), (0, 255, 0)) and picture.at(100, 85) == WHITE
    assert picture.dark_pixels(149, 35, 3, 20) > 0 and picture.dark_pixels(149, 1, 3, 20) == 0  # no line inside a merge


def test_rotation_turns_the_shape_about_its_centre():
    content, page = single(shape("bar", "rectangle", 100, 180, 200, 40, fill=FILL, rotation=90))
    picture = png(content, page)
    assert close(picture.at(200, 110), hex_rgb(FILL))  # inside once turned upright
    assert picture.at(110, 200) == WHITE  # where the unturned bar's end was
    assert 'transform="rotate(90 200 200)"' in render.page_svg(content, page)


def test_opacity_lets_the_page_show_through():
    content, page = single(shape("s", "rectangle", 0, 0, 100, 100, style=Style(fill=Fill(color="#ff0000"), opacity=50)))
    assert close(png(content, page).at(50, 50), (255, 128, 128), 3)


def test_strokes_colour_width_dashes_and_none():
    styles = [("solid", 6, "#ff0000"), ("dashed", 6, "#00ff00"), ("dotted", 6, "#0000ff"), ("solid", 6, "none")]
    shapes = [shape(f"s{i}", "rectangle", 50, 50 + i * 100, 300, 60, style=Style(stroke=stroke(c, w, s)))
              for i, (s, w, c) in enumerate(styles)]
    content, page = single(*shapes)
    picture = png(content, page)
    top_edge = [[picture.at(x, 50 + i * 100) for x in range(60, 340)] for i in range(4)]
    assert all(close(p, (255, 0, 0)) for p in top_edge[0])
    assert any(close(p, (0, 255, 0)) for p in top_edge[1]) and any(p == WHITE for p in top_edge[1])
    assert any(close(p, (0, 0, 255)) for p in top_edge[2]) and any(p == WHITE for p in top_edge[2])
    assert all(p == WHITE for p in top_edge[3])
    svg = render.page_svg(content, page)
    assert 'stroke-dasharray="24,18"' in svg and 'stroke-dasharray="6,12"' in svg


def test_paint_order_layers_then_z_then_kind_then_source_order():
    low = shape("low", "rectangle", 0, 0, 100, 100, fill="#ff0000", z=5)
    high = shape("high", "rectangle", 50, 50, 100, 100, fill="#00ff00", z=1)
    layered = shape("layered", "rectangle", 0, 0, 60, 60, fill="#0000ff", z=-10)
    hidden = shape("hidden", "rectangle", 0, 0, 200, 200, fill="#000000", z=99)
    content, page = single(low, high, layered, hidden, layers=[
        Layer(id="top", name="Top", members=["layered"], z=2), Layer(id="off", name="Off", members=["hidden"],
                                                                     visible=False)])
    picture = png(content, page)
    assert close(picture.at(75, 75), (255, 0, 0))  # z 5 above z 1
    assert close(picture.at(30, 30), (0, 0, 255))  # any layer above items in none, whatever the z
    assert close(picture.at(180, 180), WHITE)  # a hidden layer is not painted
    assert render.content_box(page) == (0, 0, 150, 150)


def test_layers_order_by_layer_index_then_their_order_and_groups_paint_in_their_slot():
    a = shape("a", "rectangle", 0, 0, 100, 100, fill="#ff0000")
    b = shape("b", "rectangle", 0, 0, 100, 100, fill="#00ff00", z=100)
    c = shape("c", "rectangle", 50, 0, 100, 100, fill="#0000ff", z=1)
    content, page = single(a, b, c, groups=[Group(id="g", members=["a", "b"], z=2)],
                           layers=[Layer(id="L1", name="1", members=["g"]), Layer(id="L2", name="2", members=["c"])])
    picture = png(content, page)
    assert close(picture.at(20, 50), (0, 255, 0))  # b's z orders it inside its group
    assert close(picture.at(75, 50), (0, 0, 255))  # the later layer of equal index is on top
    page.layers[0].z = 3
    assert close(png(content, page).at(75, 50), (0, 255, 0))
    svg = render.page_svg(content, page)
    assert svg.index('data-layer="L2"') < svg.index('data-layer="L1"') < svg.index('data-group="g"')


def test_elbow_lines_are_right_angled_and_leave_shapes_sideways():
    content = tv1()
    page = content.pages[0]
    svg = render.page_svg(content, page)
    d = re.search(r'<g data-id="l1"><path d="([^"]+)"', svg).group(1)
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", d)]
    assert points[0] == (260, 140)
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:]))
    page.shapes[1].bbox.y = 300  # now the decision is lower: the route has corners
    route = Resolver(page).route(page.lines[0])
    assert len(route.points) == 4 and route.points[0] == (260, 140) and route.points[-1] == (400, 350)
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(route.points, route.points[1:]))


def test_endpoints_without_a_position_meet_the_outline():
    left = shape("a", "circle", 0, 0, 100, 100, fill="#ff0000")
    right = shape("b", "diamond", 300, 0, 100, 100, fill="#00ff00")
    content, page = single(left, right, lines=[line("l", on_shape("a"), on_shape("b"))])
    route = Resolver(page).route(page.lines[0])
    assert route.points[0] == pytest.approx((100, 50)) and route.points[-1] == pytest.approx((300, 50))
    page.shapes[0].bbox.rotation = 45  # the position of a rotated shape turns with it
    page.lines[0].endpoint1 = on_shape("a", (1, 0.5))
    start = Resolver(page).route(page.lines[0]).points[0]
    assert start == pytest.approx((50 + 50 * 0.7071, 50 + 50 * 0.7071), abs=0.01)


def test_lines_on_lines_resolve_and_cycles_do_not_hang():
    base = line("base", at(0, 100), at(200, 100))
    branch = line("branch", Endpoint("line", target="base", t=0.25), at(50, 300))
    first = line("first", Endpoint("line", target="second", t=0.5), at(0, 0))
    second = line("second", Endpoint("line", target="first", t=0.5), at(100, 0))
    content, page = single(lines=[base, branch, first, second])
    resolver = Resolver(page)
    assert resolver.route(branch).points[0] == (50, 100)
    assert resolver.route(first) is not None and resolver.route(second) is not None
    parse(render.page_svg(content, page))


def test_missing_targets_leave_the_line_out():
    content, page = single(lines=[line("l", on_shape("nowhere"), at(10, 10))])
    assert 'data-id="l"' not in render.page_svg(content, page)
    assert render.content_box(page) == (0, 0, 0, 0)


@pytest.mark.parametrize("style", ["arrow", "hollowArrow", "openArrow", "aggregation", "composition",
                                   "generalization", "async1", "async2", "zeroOrMore", "oneOrMore", "many",
                                   "exactlyOne", "zeroOrOne", "one", "closedCircle", "openCircle", "closedSquare",
                                   "openSquare", "nesting", "bpmnConditional", "bpmnDefault"])
def test_every_arrowhead_draws_at_both_ends(style):
    content, page = single(lines=[line("l", at(100, 100, style), at(300, 100, style), stroke=stroke(width=2))])
    svg = render.page_svg(content, page)
    assert parse(svg).find(f".//{SVG_NS}marker") is not None
    assert 'marker-start="url(#' in svg and 'marker-end="url(#' in svg
    picture = png(content, page)
    beside_ends = picture.dark_pixels(280, 90, 20, 8) + picture.dark_pixels(100, 90, 20, 8)
    assert beside_ends > 0  # a head is wider than the line


def test_a_line_without_heads_has_no_markers_and_stays_thin():
    content, page = single(lines=[line("l", at(100, 100), at(300, 100), stroke=stroke(width=2))])
    assert "marker" not in render.page_svg(content, page)
    assert png(content, page).dark_pixels(100, 90, 200, 8) == 0


def test_curved_lines_bend_out_of_the_sides_they_leave():
    a = shape("a", "rectangle", 0, 0, 100, 100)
    b = shape("b", "rectangle", 300, 300, 100, 100)
    content, page = single(a, b, lines=[line("l", on_shape("a", (1, 0.5)), on_shape("b", (0.5, 0), "arrow"),
                                             "curved")])
    route = Resolver(page).route(page.lines[0])
    assert route.curve is not None and route.points[0] == (100, 50) and route.points[-1] == (350, 300)
    assert route.curve[1][1] == 50 and route.curve[2][0] == 350  # controls along the sides' normals
    assert ' C' in render.page_svg(content, page)


def test_line_texts_sit_along_the_line_above_on_or_below():
    labels = [LineText("TOP", 0.25, "top"), LineText("MID", 0.5, "middle"), LineText("LOW", 0.75, "bottom")]
    content, page = single(lines=[line("l", at(0, 200), at(400, 200), texts=labels)])
    picture = png(content, page)
    assert picture.dark_pixels(80, 180, 40, 14) > 10 and picture.dark_pixels(80, 201, 40, 14) == 0
    assert picture.dark_pixels(280, 202, 40, 14) > 10 and picture.dark_pixels(280, 186, 40, 13) == 0
    assert picture.at(205, 200) == WHITE or picture.dark_pixels(190, 195, 20, 10) > 0  # the label covers the line
    assert picture.at(150, 200) != WHITE


def test_text_is_real_selectable_text_and_shows_inside_its_box():
    content, page = single(shape("s", "rectangle", 100, 100, 200, 100, "Hello <b>bold</b> <i>it</i> <u>u</u> <s>s</s>"))
    svg = render.page_svg(content, page)
    root = parse(svg)
    text = root.find(f".//{SVG_NS}text")
    assert "".join(text.itertext()) == "Hello bold it u s"
    assert 'font-weight="bold"' in svg and 'font-style="italic"' in svg
    assert 'text-decoration="underline"' in svg and 'text-decoration="line-through"' in svg
    picture = png(content, page)
    assert picture.dark_pixels(105, 105, 190, 90) > 100
    assert picture.dark_pixels(400, 100, 200, 100) == 0


def test_text_wraps_shrinks_to_fit_and_keeps_sizes_it_is_given():
    words = " ".join(["wrapping"] * 30)
    sized = f'<span style="font-size: 20pt">{words}</span>'
    content, page = single(shape("auto", "rectangle", 0, 0, 200, 100, words),
                           shape("big", "rectangle", 0, 200, 200, 100, sized))
    svg = render.page_svg(content, page)
    auto = re.search(r'<g data-id="auto">.*?</g>', svg).group(0)
    big = re.search(r'<g data-id="big">.*?</g>', svg).group(0)
    auto_size = float(re.search(r'<text[^>]* font-size="([\d.]+)"', auto).group(1))
    assert auto_size < 10 * 96 / 72 and auto.count("<tspan x=") > 3
    assert 'font-size="26.67"' in big
    # each line of the shrunk text fits the box (less its padding), measured with the same font
    lines = re.findall(r'<tspan x="[^"]+" y="[^"]+" text-anchor="middle">(.*?)</tspan>(?=<tspan x=|</text>)', auto)
    assert lines and all(fonts.width(t, auto_size) <= 192 for t in lines)


def test_alignment_lists_and_colours():
    html = ('<p style="text-align:left">left</p><p style="text-align:right">right</p>'
            '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>'
            '<span style="color:#ff0000">red</span>')
    content, page = single(shape("s", "rectangle", 0, 0, 300, 200, html))
    svg = render.page_svg(content, page)
    assert 'text-anchor="end">right' in svg and ">• one<" in svg and ">• two<" in svg and ">1. first<" in svg
    assert 'fill="#ff0000">red' in svg
    assert re.search(r'<tspan x="4" y="[^"]+">left', svg)


def test_text_colour_comes_from_the_style_unless_a_run_sets_one():
    content, page = single(shape("s", "rectangle", 0, 0, 200, 100, "<b>HHHHHHHH</b>",
                                 style=Style(text_color="#ff0000")))
    picture = png(content, page)
    reds = [p for p in pixels(picture.rgb.crop((0, 0, 200, 100))) if p[0] > 200 and p[1] < 60 and p[2] < 60]
    assert len(reds) > 50


def test_the_shipped_fonts_are_in_the_package_and_are_the_only_ones_loaded():
    package = fonts.__file__.rsplit("/", 1)[0]
    assert all(path.startswith(package) for path in fonts.FONT_FILES) and len(fonts.FONT_FILES) == 4
    assert fonts.width("Hello", 100) == pytest.approx(fonts.width("Hello", 10) * 10)
    content, page = single(shape("r", "text", 0, 0, 300, 60, "Liberation"),
                           shape("b", "text", 0, 100, 300, 60, "<b>Liberation</b>"))
    picture = png(content, page)
    regular, bold = picture.dark_pixels(0, 0, 300, 60), picture.dark_pixels(0, 100, 300, 60)
    assert regular > 50 and bold > regular * 1.2  # both faces load, from the package alone

    def drawn(family: str, weight: str = "normal") -> bytes:
        return export.rasterise(f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" '
                                f'y="30" font-size="24" font-family="{family}" font-weight="{weight}">Mgjy 123</text></svg>',
                                background="#ffffff")

    # A family installed on this machine (Debian's DejaVu) is not loaded: text asking for it alone
    # draws nothing, while the generic sans-serif is the shipped font.
    assert Picture(drawn("DejaVu Sans")).dark_pixels(0, 0, 200, 40) == 0
    assert drawn("sans-serif") == drawn("Liberation Sans") != drawn("Liberation Sans", "bold")
    assert Picture(drawn("Liberation Sans")).dark_pixels(0, 0, 200, 40) > 50


def _png_bytes(colour: tuple[int, int, int], size=(10, 10), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("scale", ["stretch", "fit", "fill", "tile", "original"])
def test_image_fills_come_from_blobs_as_data_uris(scale):
    image = shape("img", "image", 0, 0, 100, 100, style=Style(fill=Fill("image", image="blob:abc", image_scale=scale)))
    content, page = single(image)
    blobs = {"abc": ("image/png", _png_bytes((255, 0, 0), (40, 40)))}
    svg = render.page_svg(content, page, blobs=blobs.get)
    assert "data:image/png;base64," in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    picture = png(content, page, blobs=blobs.get)
    assert close(picture.at(20, 20), (255, 0, 0))


def test_other_image_formats_are_converted_and_unreadable_ones_are_placeholders():
    content, page = single(
        shape("bmp", "image", 0, 0, 50, 50, style=Style(fill=Fill("image", image="blob:bmp"))),
        shape("bad", "image", 100, 0, 50, 50, style=Style(fill=Fill("image", image="blob:bad"))),
        shape("gone", "image", 200, 0, 50, 50, style=Style(fill=Fill("image", image="blob:gone"))),
        shape("web", "image", 300, 0, 50, 50, style=Style(fill=Fill("image", image="https://example.com/x.png"))),
    )
    blobs = {"bmp": ("image/bmp", _png_bytes((0, 0, 255), fmt="BMP")), "bad": ("image/png", b"not an image")}
    svg = render.page_svg(content, page, blobs=blobs.get)
    assert "image/bmp" not in svg and svg.count("data:image/png;base64,") == 1
    assert "example.com" not in svg
    picture = png(content, page, blobs=blobs.get)
    assert close(picture.at(25, 25), (0, 0, 255))
    for x in (125, 225, 325):
        assert picture.at(x, 25) == hex_rgb(render.PLACEHOLDER)


INJECTIONS = [
    '<script>alert(1)</script>', '"><script>alert(1)</script>', "]]><x/>", "&amp;&lt;&#0;\x00\x1f\ud800",
    '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">link</a>',
]


def test_nothing_a_document_holds_breaks_out_of_the_svg():
    shapes = []
    for index, payload in enumerate(INJECTIONS):
        s = shape(f'id{index}"{payload}', "rectangle", 0, index * 60, 200, 50, payload,
                  style=Style(fill=Fill("image", image=f"javascript:{payload}"), text_color=f'red" onload="{payload}'))
        s.text_areas.append(TextArea("Text 2", f'<span style="color: {payload}">x</span>'))
        shapes.append(s)
    lines = [line(f'l"{p}', at(300, 10 * i), at(500, 10 * i, "arrow"), stroke=stroke(f'#000" onclick="{p}'),
                  texts=[LineText(p)]) for i, p in enumerate(INJECTIONS)]
    shapes.append(shape("literal", "rectangle", 300, 300, 300, 50, "&lt;script&gt;alert(1)&lt;/script&gt;"))
    content, page = single(*shapes, lines=lines, settings=PageSettings(fill='white"/><script>x</script>'))
    svg = render.page_svg(content, page)
    root = parse(svg)  # well-formed
    elements = list(root.iter())
    assert not any(e.tag.endswith("script") or e.tag.endswith("img") or e.tag.endswith("foreignObject")
                   for e in elements)
    assert not any(name.lower().startswith("on") for e in elements for name in e.attrib)
    assert not any(value.strip().lower().startswith("javascript") for e in elements for value in e.attrib.values())
    hrefs = [e.get("href") for e in elements if e.get("href") is not None]
    assert all(h.startswith("data:") for h in hrefs)
    assert "<script>alert(1)</script>" in "".join(root.itertext())  # shown as text
    png(content, page)  # and it still rasterises


def test_content_box_and_default_regions():
    content = tv6()
    one, two = content.pages
    assert render.content_box(one) == (100, 100, 200, 120)
    assert render.default_region(one) == (0, 0, 816, 1056)
    assert render.content_box(two) == (0, 0, 0, 0)
    one.settings.infinite = two.settings.infinite = True
    assert render.default_region(one) == (80, 80, 240, 160)
    assert render.default_region(two) == (0, 0, 1, 1)
    rotated = single(shape("r", "rectangle", 0, 0, 100, 20, rotation=90))[1]
    assert render.content_box(rotated) == pytest.approx((40, -40, 20, 100))
    with_heads = single(lines=[line("l", at(0, 0), at(100, 0, "arrow"), stroke=stroke(width=2))])[1]
    x, y, w, h = render.content_box(with_heads)
    assert (x, y) == (-1, -7) and w == 108 and h == 14  # half the stroke at the tail, the head at the tip


def test_the_page_background_and_a_region_define_the_frame():
    content, page = single(shape("s", "rectangle", 10, 10, 20, 20, fill="#00ff00"),
                           settings=PageSettings(fill="#f2f3f5", infinite=True))
    svg = render.page_svg(content, page, region=(5, 5, 40, 30))
    root = parse(svg)
    assert root.get("viewBox") == "5 5 40 30" and root.get("width") == "40" and root.get("height") == "30"
    picture = png(content, page)
    assert close(picture.at(-15, -15), (0xf2, 0xf3, 0xf5)) and close(picture.at(20, 20), (0, 255, 0))


def test_a_500_shape_page_renders_quickly_enough_to_be_one_request():
    shapes = [shape(f"s{i}", "process", (i % 20) * 40, (i // 20) * 40, 36, 36, f"Step {i}") for i in range(500)]
    content, page = single(*shapes, settings=PageSettings(width=800, height=1000))
    svg = render.page_svg(content, page)
    assert svg.count("<text") == 500 and parse(svg) is not None


def test_exported_text_uses_data_uri_images_only():
    content, page = single(shape("img", "image", 0, 0, 10, 10, style=Style(fill=Fill("image", image="blob:x"))))
    blobs = {"x": ("image/gif", _png_bytes((1, 2, 3), fmt="GIF"))}
    svg = render.page_svg(content, page, blobs=blobs.get)
    uri = re.search(r'href="data:image/gif;base64,([^"]+)"', svg).group(1)
    assert Image.open(io.BytesIO(base64.b64decode(uri))).format == "GIF"
