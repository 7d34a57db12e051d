"""Staff tables on a phone: at 360 px the complaint inbox and the other wide staff tables (table.stack) show each row as
a card whose cells carry their column's name, with no sideways scrolling of the page or of a table; at 1280 px they
are ordinary tables. Screenshots go to test-output/<test>/."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from analytics.models import RtlAction
from pengaduan.deadlines import today_local
from portal.extensions import db
from tests.analytics.factories import make_population
from tests.browser.conftest import no_horizontal_scroll
from tests.browser.test_e2e_staff import shot, sign_in
from tests.factories import PASSWORD, make_layanan, make_unit, make_user
from tests.pengaduan.factories import make_complaint
from tests.survei.factories import make_response
from tests.wbs.factories import file_report, make_member, totp_code
from wbs.models import WbsReport

# What the tables of one page look like: the page is no wider than the phone, no table scrolls inside its box, every
# cell with a data-label shows it (its ::before) and that label is its column's header; the headers stay in Chromium's
# accessibility tree as column headers of a table.
TABLES = """() => [...document.querySelectorAll('main table')].map(t => {
  const wrap = t.closest('.table-wrap');
  const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const row = t.querySelector('tbody tr');
  const labels = [...row.cells].map(td => {
    const before = getComputedStyle(td, '::before');
    return before.display === 'none' || before.content === 'none' ? null : before.content.replace(/^"|"$/g, '');
  });
  return {display: getComputedStyle(t).display, fits: wrap.scrollWidth <= wrap.clientWidth, heads, labels,
          headsShown: t.tHead.getBoundingClientRect().height > 2};
})"""


def check_stacked(page, path):
    """The page's tables read as labelled cards on the phone; returns their descriptions."""
    assert no_horizontal_scroll(page), f'{path} scrolls sideways at 360 px'
    tables = page.evaluate(TABLES)
    assert tables, path
    for table in tables:
        assert table['fits'], f'{path}: a table scrolls sideways inside its box at 360 px'
        assert table['display'] == 'block' and not table['headsShown'], f'{path}: not stacked at 360 px'
        assert table['labels'] == table['heads'], f'{path}: cell labels {table["labels"]} != {table["heads"]}'
    cdp = page.context.new_cdp_session(page)
    roles = [n['role']['value'] for n in cdp.send('Accessibility.getFullAXTree')['nodes'] if not n.get('ignored')]
    assert roles.count('table') == len(tables), path
    assert roles.count('columnheader') == sum(len(t['heads']) for t in tables), path
    cdp.detach()
    return tables


def check_ordinary(page, path):
    """At 1280 px the same tables are ordinary tables: headers shown, no labels beside the cells."""
    assert no_horizontal_scroll(page), path
    for table in page.evaluate(TABLES):
        assert table['display'] == 'table' and table['headsShown'] and table['fits'], path
        assert set(table['labels']) == {None}, path


def tall_enough(locator):
    """The element is a tap target at least 44 px high."""
    return locator.bounding_box()['height'] >= 44


def test_staff_tables_stack_on_a_phone(live_server, browser, phone, desktop, output_dir):
    today = today_local()
    kanwil = make_unit('Kanwil Kemenag Uji', slug='kanwil-uji', kind='kanwil')
    kota = make_unit('Kantor Kemenag Kabupaten Bengkulu Selatan Uji', slug='kemenag-selatan-uji', parent=kanwil)
    layanan = make_layanan(kota, 'Izin Operasional Madrasah / RA / Madrasah Diniyah / Pondok Pesantren / TPQ',
                           slug='izin-operasional')
    complaint, _code = make_complaint(kota, layanan, today=today - timedelta(days=30),
                                      title='Petugas loket meminta biaya legalisir di luar ketentuan resmi')
    make_complaint(kanwil, today=today, title='Informasi jadwal keberangkatan haji', kind='permintaan_informasi')
    make_response(kota, layanan, u9=2)
    make_response(kota, layanan, flags='cepat', counted=False)
    make_population(layanan, 309, start=today.replace(month=1, day=1), end=today.replace(month=12, day=31))
    db.session.add(RtlAction(unit_id=kota.id, period_key=str(today.year), unsur='u9', owner='Koordinator PTSP',
                             action='Pasang alur dan persyaratan layanan di depan loket dan di laman unit',
                             due_date=today - timedelta(days=3), status='berjalan'))
    db.session.commit()
    make_user('admin_unit', kota, email='admin.panjang.sekali@kemenag-bengkulu-selatan.go.id',
              name='Admin Kantor Kemenag Kabupaten Bengkulu Selatan')
    admin = make_user('superadmin', kanwil, name='Super Admin')
    pages = [  # (path, screenshot name)
        ('/staf/pengaduan/', 'inbox'),
        ('/staf/survei/', 'survei-respons'),
        ('/staf/survei/ditandai', 'survei-ditandai'),
        ('/staf/survei/pengguna-layanan', 'survei-pengguna-layanan'),
        (f'/staf/analitik/rtl?unit={kota.id}&periode={today.year}', 'rtl'),
        ('/staf/pengguna', 'pengguna'),
        ('/staf/audit', 'audit'),
        ('/staf/unit', 'unit'),
        ('/staf/layanan', 'layanan'),
    ]

    sign_in(phone, live_server, admin)
    for path, name in pages:
        phone.goto(live_server + path)
        check_stacked(phone, path)
        shot(phone, output_dir, f'{name}-360.png')

    # The inbox on the phone: the complaint's card shows its deadline beside "Tenggat", marked late; its number is
    # a 44 px target that opens it.
    phone.goto(live_server + '/staf/pengaduan/')
    card = phone.locator('tbody tr', has_text=complaint.number)
    deadline = card.locator('td[data-label="Tenggat"]')
    assert deadline.is_visible() and 'terlambat' in deadline.inner_text()
    link = card.get_by_role('link', name=complaint.number)
    assert tall_enough(link)
    link.tap()
    phone.wait_for_url(re.compile(rf'/staf/pengaduan/{complaint.id}$'))
    assert phone.inner_text('h1') == complaint.title

    # The RTL form inside a card: 44 px controls, and saving works from the phone.
    phone.goto(live_server + pages[4][0])
    form = phone.locator('#tabel-rtl form.rtl-update')
    assert all(tall_enough(form.locator(s)) for s in ('select', 'textarea[name=evidence]', 'button[type=submit]'))
    form.locator('select').select_option('selesai')
    form.locator('textarea[name=evidence]').fill('Papan alur terpasang, foto di arsip PTSP.')
    form.locator('button[type=submit]').tap()
    assert phone.inner_text('.flash-success') == 'Tindakan RTL diperbarui.'
    assert no_horizontal_scroll(phone)
    shot(phone, output_dir, 'rtl-saved-360.png')

    # English labels come from the same catalogue entries as the headers.
    phone.goto(live_server + '/staf/pengaduan/?lang=en')
    assert check_stacked(phone, 'inbox en')[0]['labels'] == ['Number', 'Title', 'Status', 'Unit', 'Deadline']

    sign_in(desktop, live_server, admin)
    for path, name in pages:
        desktop.goto(live_server + path)
        check_ordinary(desktop, path)
        shot(desktop, output_dir, f'{name}-1280.png')


@pytest.mark.usefixtures('fast_wbs')
def test_wbs_list_stacks_on_a_phone(live_server, client, phone, output_dir):
    member = make_member(name='Bu Anggota WBS')
    file_report(client)
    report = db.session.scalar(select(WbsReport))
    sign_in(phone, live_server, member.user)
    phone.goto(live_server + '/staf/wbs/')
    phone.fill('#password', PASSWORD)
    phone.fill('#code', totp_code(member.id))
    phone.click('main button[type=submit]')
    phone.wait_for_url(live_server + '/staf/wbs/')
    check_stacked(phone, '/staf/wbs/')
    card = phone.locator('tbody tr', has_text=report.number)
    assert card.locator('td[data-label="Akses"]').inner_text() == 'ya'
    assert tall_enough(card.get_by_role('link', name=report.number))
    shot(phone, output_dir, 'wbs-list-360.png')
