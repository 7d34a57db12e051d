"""The ZI team in a real browser: the dashboard compares the period with the one before and reads on a phone, and the
report button says it is working while the PDF is rendered (inline here: no job queue in the tests). Screenshots go to
test-output/<test>/."""
import os
from datetime import date

from pengaduan import services
from tests.analytics.factories import make_responses, worked_rows
from tests.browser.conftest import no_horizontal_scroll, wait_until
from tests.browser.test_e2e_staff import sign_in
from tests.factories import make_layanan, make_unit, make_user
from tests.pengaduan.factories import make_complaint, walk


def _unit():
    kanwil = make_unit('Kanwil Kemenag Uji', slug='kanwil-uji', kind='kanwil')
    kota = make_unit('Kantor Kemenag Kota Uji', slug='kemenag-kota-uji', parent=kanwil)
    lay = make_layanan(kota, 'Legalisir Ijazah dan Dokumen', slug='legalisir-ijazah')
    make_responses(kota, worked_rows(), layanan=lay, day=date(2026, 8, 15))
    make_responses(kota, [[3] * 9] * 5 + [[2] * 9] * 3, layanan=lay, day=date(2026, 5, 12))
    return kota


def test_the_comparison_reads_at_phone_and_desktop(live_server, desktop, phone, output_dir):
    kota = _unit()
    user = make_user('pimpinan', kota, name='Bapak Pimpinan')
    for page, size in ((desktop, 'desktop'), (phone, 'phone')):
        sign_in(page, live_server, user)
        page.goto(f'{live_server}/staf/analitik/dasbor?unit={kota.id}&periode=2026-T3')
        section = page.locator('#perbandingan')
        assert 'Periode sebelumnya: Triwulan II 2026' in section.inner_text()
        assert section.locator('#banding-selisih').inner_text().startswith('+')
        assert 'signifikan secara statistik' in section.locator('#banding-uji').inner_text()
        section.locator('details summary').click()
        assert section.locator('#tabel-banding-unsur').is_visible()
        assert page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), size
        hidden = page.evaluate("[...document.querySelectorAll('main .table-wrap')]"
                               ".filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.querySelector('table').id)")
        assert hidden == [], (size, hidden)  # the month, unit and profile tables too: no column out of sight
        # every figure of both tables is on screen: nothing hides behind a sideways scroll of the table
        for table in ('#tabel-banding', '#tabel-banding-unsur'):
            wrap = section.locator(table)
            assert page.evaluate('t => t.scrollWidth <= t.parentElement.clientWidth', wrap.element_handle()), (
                size, table)
        section.screenshot(path=os.path.join(output_dir, f'perbandingan-{size}.png'))

        # another period chosen in the section's own form
        section.locator('#banding').select_option('2025')
        section.locator('button[type=submit]').click()
        page.wait_for_url('**banding=2025**')
        # a period with no responses: said in a line, not a table of dashes
        assert page.locator('#banding-kosong').inner_text().startswith('Tahun 2025 belum memiliki respons')
        assert page.locator('#tabel-banding').count() == 0


def test_the_report_button_says_it_is_working(live_server, desktop, output_dir):
    kota = _unit()
    page = desktop
    sign_in(page, live_server, make_user('pimpinan', kota, name='Bapak Pimpinan'))
    page.goto(f'{live_server}/staf/analitik/dasbor?unit={kota.id}&periode=2026-T3')

    # While the browser waits for the server, the page can no longer be asked anything (Playwright's evaluate waits
    # for the navigation): the page itself reports what its button shows, on the console.
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
      const button = document.querySelector('form[data-busy] button');
      if (!button) { return; }
      new MutationObserver(() => console.log('busy|' + button.disabled + '|' + button.textContent + '|' +
        document.querySelector('form[data-busy] [role=status]').textContent)).observe(button, {attributes: true});
    });""")
    page.reload()
    held = []  # the request waits here, as on a server still rendering the PDF, until the test lets it go
    page.route('**/staf/analitik/laporan.pdf?**', lambda route: held.append(route))
    button = page.locator('form[data-busy] button[type=submit]')
    assert button.inner_text() == 'Buat laporan PDF'
    with page.expect_console_message(lambda m: m.text.startswith('busy|true')) as message:
        button.click(no_wait_after=True)
    assert message.value.text == 'busy|true|Menyiapkan laporan PDF…|Menyiapkan laporan PDF…'
    for _ in range(100):  # the route's handler runs as Playwright takes its events
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1 and held[0].request.method == 'POST'
    held[0].continue_()
    page.wait_for_url('**/staf/unduhan/**')
    page.go_back()
    wait_until(page, "!document.querySelector('form[data-busy] button').disabled")
    assert button.inner_text() == 'Buat laporan PDF'


def test_the_complaint_figures_read_at_phone_and_desktop(live_server, desktop, phone, output_dir):
    kota = _unit()
    kanwil = kota.parent
    seluma = make_unit('Kantor Kementerian Agama Kabupaten Bengkulu Selatan Uji', slug='kemenag-bs-uji', parent=kanwil)
    staff = make_user('petugas_pengaduan', kota)
    done, _code = make_complaint(kota, today=date(2026, 8, 3), category='perilaku_petugas')
    walk(done, ['verifikasi', 'proses', 'tindak_lanjut'], staff, date(2026, 8, 4))
    walk(done, ['terima'], None, date(2026, 8, 10))
    services.rate(done, 4, None)
    make_complaint(seluma, today=date(2026, 8, 5), kind='permintaan_informasi', category='persyaratan_prosedur')
    user = make_user('pimpinan', kanwil, name='Bapak Pimpinan')
    for page, size in ((desktop, 'desktop'), (phone, 'phone')):
        sign_in(page, live_server, user)
        page.goto(f'{live_server}/staf/analitik/dasbor?unit={kanwil.id}&periode=2026-T3')
        section = page.locator('section[aria-labelledby=h-pengaduan]')
        assert section.locator('#aduan-kepuasan').inner_text().startswith('4,00')
        unit_rows = section.locator('#aduan-unit tbody tr')
        assert unit_rows.count() == 2 and 'Bengkulu Selatan' in unit_rows.nth(1).inner_text()
        assert no_horizontal_scroll(page), size
        for table in ('#aduan-status', '#aduan-jenis', '#aduan-kategori', '#aduan-unit'):  # nothing hides sideways
            assert page.evaluate('t => t.scrollWidth <= t.parentElement.clientWidth',
                                 section.locator(table).element_handle()), (size, table)
        cards = section.locator('.kpi .card')
        widths = [cards.nth(i).bounding_box()['width'] for i in range(cards.count())]
        assert len(widths) == 6
        if size == 'phone':  # two per row; the total and the satisfaction (a longer text) across both
            assert widths[0] == widths[5] > 2 * widths[1] and len(set(widths[1:5])) == 1
        else:  # three per row, all alike
            assert max(widths) - min(widths) < 1
        section.screenshot(path=os.path.join(output_dir, f'pengaduan-{size}.png'))
