"""Staff UX audit of the complaint detail page: a refused step keeps what was typed in its own open panel, the
timeline and the choices are translatable, attachment links are tappable and small sizes are not "0 KB"."""
import re
from datetime import date

from pengaduan import staff_views
from pengaduan.models import Attachment
from portal.extensions import db
from tests.factories import login_as, make_user, post_form
from tests.pengaduan.factories import make_complaint, make_tree, walk


def _panel(page, action):
    """The <details> element whose form posts `action`."""
    for m in re.finditer(r'<details class="action[^"]*"[^>]*>.*?</details>', page, re.S):
        if f'name="action" value="{action}"' in m.group(0):
            return m.group(0)
    raise AssertionError(f'no panel for {action}')


def _opening(panel):
    return panel[:panel.index('>') + 1]


def test_a_refused_rejection_comes_back_with_the_typed_values_in_its_open_panel(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kanwil'])
    login_as(client, t['p_kanwil'])
    url = f'/staf/pengaduan/{c.id}'
    r = post_form(client, url + '/transisi', {'action': 'tolak', 'reason': 'di luar kewenangan',
                                              'note': 'Soal tanah wakaf, bukan wewenang kami.'}, form_url=url)
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    panel = _panel(page, 'tolak')
    assert ' open' in _opening(panel)
    assert ' open' not in _opening(_panel(page, 'verifikasi'))
    assert 'sebutkan ke mana pengadu' in panel and 'role="alert"' in panel
    assert 'Soal tanah wakaf, bukan wewenang kami.</textarea>' in panel
    assert re.search(r'<option selected value="di luar kewenangan">|<option value="di luar kewenangan" selected', panel)
    # the focus lands on the field the message is about: where to send the complainant, not the explanation
    referral = re.search(r'<input[^>]*id="referral"[^>]*>', panel).group(0)
    assert 'autofocus' in referral and 'aria-invalid="true"' in referral and 'error-tolak' in referral
    assert 'autofocus' not in re.search(r'<textarea[^>]*id="note-tolak"[^>]*>', panel).group(0)
    db.session.refresh(c)
    assert c.status == 'baru'
    # the success path still redirects
    r = post_form(client, url + '/transisi', {'action': 'tolak', 'reason': 'duplikat', 'note': 'Sama.'}, form_url=url)
    assert r.status_code == 302


def test_a_refused_request_for_information_opens_its_own_panel(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    walk(c, ['verifikasi'], t['p_kota'], date(2026, 3, 3))
    login_as(client, t['p_kota'])
    url = f'/staf/pengaduan/{c.id}'
    r = post_form(client, url + '/transisi', {'action': 'minta_informasi', 'note': '   '}, form_url=url)
    assert r.status_code == 400
    page = r.get_data(as_text=True)
    panel = _panel(page, 'minta_informasi')
    assert ' open' in _opening(panel) and 'memerlukan keterangan' in panel
    assert ' open' not in _opening(_panel(page, 'proses'))
    # the message is in the panel, not (also) at the top of the page
    assert page.count('memerlukan keterangan') == 1


def test_the_timeline_and_choices_are_translatable(app, client, monkeypatch):
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    login_as(client, t['p_kota'])
    url = f'/staf/pengaduan/{c.id}'
    officer = make_user('petugas_pengaduan', t['kota'], name='Petugas Dua')
    post_form(client, url + '/petugas', {'officer_id': officer.id}, form_url=url)
    post_form(client, url + '/catatan', {'note': 'Cek CCTV.'}, form_url=url)
    client.set_cookie('lang', 'en')
    page = client.get(url).get_data(as_text=True)
    assert 'Complainant' in page and 'Assignment</strong>' in page and 'Internal note</strong>' in page
    assert 'Penugasan</strong>' not in page and 'Catatan</strong>' not in page
    monkeypatch.setattr(staff_views, '_', lambda text, **kw: f'[{text}]')
    page = client.get(url).get_data(as_text=True)
    assert '[— pilih unit —]' in page and '[— belum ditentukan —]' in page


def test_attachment_links_are_tap_sized_and_small_files_show_bytes(app, client):
    t = make_tree()
    c, _ = make_complaint(t['kota'])
    db.session.add(Attachment(complaint_id=c.id, key='x', name='kecil.png', mime='image/png', size=512))
    db.session.commit()
    login_as(client, t['p_kota'])
    page = client.get(f'/staf/pengaduan/{c.id}').get_data(as_text=True)
    assert '(512 B)' in page and '(0 KB)' not in page
    assert re.search(r'<a class="attachment" href="[^"]+">kecil\.png</a>', page)
    r = client.get('/static/css/pengaduan.css')
    css = r.get_data(as_text=True)
    r.close()
    assert re.search(r'a\.attachment\{[^}]*min-height:44px', css)
