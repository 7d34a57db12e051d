"""What a citizen with low vision, a screen reader or unsteady hands meets on the public pages (WCAG 2.1 AA, measured
in Chromium): a focus ring of 3:1 against what surrounds it, field borders of 3:1, grade tags of 4.5:1, Indonesian
text marked as such on an English page, row triangles left out of names, 44 px targets, distinct titles, and the
results table whole at 320 px."""
import os

from tests.browser.conftest import no_horizontal_scroll
from tests.browser.test_hasil import _seed

# WCAG relative luminance and contrast, on computed 'rgb(r, g, b)' colours
CONTRAST = """([a, b]) => {
  const lum = c => { const [r, g, bl] = c.match(/\\d+/g).slice(0, 3).map(v => { v = v / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


def _contrast(page, a, b):
    return page.evaluate(CONTRAST, [a, b])


def _background(page, selector):
    """The first opaque background colour at or above the element."""
    return page.evaluate("""s => { let e = document.querySelector(s);
      while (e) { const c = getComputedStyle(e).backgroundColor;
        if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { return c; } e = e.parentElement; }
      return 'rgb(255, 255, 255)'; }""", selector)


def test_focus_borders_and_grade_tags_can_be_seen(app, live_server, phone, output_dir):
    row = _seed(app)
    page = phone
    page.goto(live_server + '/pengaduan/baru')
    page.focus('#title')  # a field on a white card
    field = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.outlineColor, s.outlineStyle, s.borderTopColor]; })()")
    card = _background(page, '#title')
    assert field[1] == 'solid' and _contrast(page, field[0], card) >= 3, field
    assert _contrast(page, field[2], card) >= 3 and _contrast(page, field[2], 'rgb(246, 247, 245)') >= 3

    page.goto(live_server + '/')
    page.keyboard.press('Tab')  # the skip link, on the page background
    assert page.evaluate('document.activeElement.className') == 'skip'
    ring = page.evaluate('getComputedStyle(document.activeElement).outlineColor')
    assert _contrast(page, ring, _background(page, 'body')) >= 3
    page.focus('header.site a')  # the header keeps its yellow ring, which stands out on the green
    ring = page.evaluate('getComputedStyle(document.activeElement).outlineColor')
    assert _contrast(page, ring, _background(page, 'header.site')) >= 3

    page.goto(f'{live_server}/hasil/{row.unit.slug}/{row.period_key}')
    tags = page.evaluate("""[...document.querySelectorAll('.tag.mutu')].map(t => {
      const s = getComputedStyle(t); return [t.textContent.trim(), s.color, s.backgroundColor]; })""")
    assert {letter for letter, _c, _b in tags} >= {'B'}
    for letter, color, background in tags:
        assert _contrast(page, color, background) >= 4.5, (letter, color, background)
    page.screenshot(path=os.path.join(output_dir, 'hasil-360.png'), full_page=True)


def test_the_results_table_is_whole_at_320_px(app, live_server, browser, output_dir):
    row = _seed(app)
    context = browser.new_context(viewport={'width': 320, 'height': 640}, locale='id-ID')
    page = context.new_page()
    page.goto(f'{live_server}/hasil/{row.unit.slug}/{row.period_key}')
    table = page.locator('#tabel-nrr')
    assert no_horizontal_scroll(page)
    assert page.evaluate('t => t.scrollWidth <= t.parentElement.clientWidth', table.element_handle())
    first = table.locator('tbody tr').first
    assert first.locator('td').first.is_visible()  # "Menjawab": no column left out on a narrow screen
    assert page.evaluate("td => getComputedStyle(td, '::before').content",
                         first.locator('td').first.element_handle()) == '"Menjawab"'
    page.screenshot(path=os.path.join(output_dir, 'hasil-320.png'), full_page=True)
    context.close()


def _ax_names(page, role):
    """The accessible names Chromium gives the nodes of a role (its accessibility tree, through CDP)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send('Accessibility.getFullAXTree')['nodes']
    return [n.get('name', {}).get('value', '') for n in nodes if n.get('role', {}).get('value') == role]


def test_a_unit_page_for_a_screen_reader_and_a_thumb(app, live_server, phone, output_dir):
    _seed(app)
    page = phone
    page.goto(live_server + '/')
    home_title = page.title()
    page.goto(live_server + '/unit/kanwil-bengkulu')
    assert page.title() != home_title and page.title().endswith('Layanan dan standar pelayanan')
    names = _ax_names(page, 'DisclosureTriangle')
    assert names and not any(name.startswith(('▸', '▾')) for name in names), names[:3]
    sizes = page.evaluate("""[...document.querySelectorAll('.chips a, .crumbs a, .tree a, a.btn.small')]
      .filter(a => a.getClientRects().length).map(a => a.getBoundingClientRect().height)""")
    page.locator('details.layanan summary').first.click()
    sizes += [page.locator('details.layanan[open] a.btn.small').first.bounding_box()['height']]
    assert sizes and min(sizes) >= 44, sorted(sizes)[:3]
    assert page.locator('html').get_attribute('lang') == 'id' and page.locator('body [lang=id]').count() == 0

    page.goto(live_server + '/unit/kanwil-bengkulu?lang=en')
    assert page.locator('html').get_attribute('lang') == 'en'
    assert page.locator('.maklumat p[lang=id]').count() == 1  # what staff typed is Indonesian
    assert page.locator('details.layanan summary[lang=id]').count() == page.locator('details.layanan').count()
    page.screenshot(path=os.path.join(output_dir, 'unit-en-360.png'), full_page=True)
