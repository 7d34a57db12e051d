"""The shared stylesheet (static/css/app.css, on every page) gives citizens' links tap targets of about 44 px, keeps a
required star on its label's line in every form, and keeps the line breaks staff type; the results chart has a width
limit. Read over HTTP as a browser gets them."""
import re

import pytest

from tests.factories import make_layanan, make_unit


def rules(css):
    """{selector: {property: value}} of a stylesheet's top-level rules (those inside @media left out)."""
    css = re.sub(r'/\*.*?\*/', '', css, flags=re.S)
    out, i = {}, 0
    while True:
        brace = css.find('{', i)
        if brace < 0:
            return out
        prelude = css[i:brace].strip()
        if prelude.startswith('@'):  # skip the whole block, nested rules included
            depth, j = 1, brace + 1
            while depth:
                depth += {'{': 1, '}': -1}.get(css[j], 0)
                j += 1
            i = j
            continue
        end = css.index('}', brace)
        declarations = dict(part.split(':', 1) for part in css[brace + 1:end].split(';') if ':' in part)
        for selector in prelude.split(','):
            out.setdefault(' '.join(selector.split()), {}).update(
                {k.strip(): v.strip() for k, v in declarations.items()})
        i = end + 1


def stylesheet(client, name):
    """The rules of /static/css/<name> as served."""
    with client.get(f'/static/css/{name}') as res:
        assert res.status_code == 200
        return rules(res.get_data(as_text=True))


def px(value, index=0):
    """The index-th length of a declaration in px (rem = 16 px)."""
    length = value.split()[index]
    number = float(re.match(r'[\d.]+', length).group())
    return number * 16 if length.endswith('rem') else number


@pytest.fixture
def app_css(client):
    return stylesheet(client, 'app.css')


def test_the_language_link_is_a_44_px_target(app_css):
    lang = app_css['.lang a']
    assert lang['display'] in ('inline-flex', 'inline-block', 'block', 'flex') and px(lang['min-height']) >= 44
    assert app_css['.lang button.link'] == lang  # on a form page the switch is a button of that form


def test_unit_and_layanan_lists_are_whole_row_links(app_css):
    tree = app_css['.tree a']
    assert tree['display'] == 'block' and px(tree['padding']) >= 10  # 10 px above and below a 22 px line


def test_classes_other_templates_use(app_css):
    assert app_css['.date'] == {'white-space': 'nowrap'}
    assert app_css['.tap']['display'] == 'block' and px(app_css['.tap']['padding']) >= 9
    assert app_css['.pre-line'] == {'white-space': 'pre-line'}


def test_every_form_keeps_the_required_star_on_its_labels_line(client, app_css):
    assert app_css['.field > label:not(.check)'] == {'display': 'inline-block'}
    assert app_css['.card > h2:first-child'] == {'margin-top': '0'}
    complaint = stylesheet(client, 'pengaduan.css')
    assert '.pgd-form .field > label:not(.check)' not in complaint and '.card > h2:first-child' not in complaint


def test_the_results_chart_stops_growing_on_a_wide_screen(client):
    analytics = stylesheet(client, 'analytics.css')
    assert 560 <= px(analytics['.chart-box']['max-width']) <= 640


def test_text_typed_on_several_lines_keeps_its_line_breaks(client):
    unit = make_unit('Kantor Kemenag Seluma', 'kemenag-seluma', maklumat='Kami sanggup:\n1. cepat\n2. ramah')
    make_layanan(unit, 'Legalisir Ijazah', 'legalisir-ijazah', persyaratan='Ijazah asli\nKTP',
                 prosedur='1. Serahkan berkas\n2. Tunggu panggilan')
    html = client.get('/unit/kemenag-seluma').get_data(as_text=True)
    assert '<p class="pre-line">Kami sanggup:\n1. cepat\n2. ramah</p>' in html
    assert '<dd class="pre-line">Ijazah asli\nKTP</dd>' in html
    assert '<dd class="pre-line">1. Serahkan berkas\n2. Tunggu panggilan</dd>' in html
