"""A citizen reads /hasil on a phone; a unit head logs in, reads the dashboard at 1280 px and downloads the PDF."""
import os
import subprocess

from sqlalchemy import select

from analytics.models import PublishedPeriod
from portal.extensions import db
from portal.models import Unit
from tests.browser.conftest import no_horizontal_scroll
from tests.factories import PASSWORD, make_user


def _seed(app):
    result = app.test_cli_runner().invoke(args=['seed-demo'])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(PublishedPeriod).join(Unit).where(Unit.slug == 'kemenag-kota-bengkulu')
                             .order_by(PublishedPeriod.start))


def test_hasil_on_a_phone(app, live_server, phone, output_dir):
    row = _seed(app)
    phone.goto(live_server + '/')
    phone.click('a[href="/hasil/"]')
    assert phone.locator('h1').inner_text() == 'Hasil survei kepuasan masyarakat'
    assert phone.locator('.hasil-item').count() >= 2
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'hasil-360.png'), full_page=True)
    phone.goto(f'{live_server}/hasil/{row.unit.slug}/{row.period_key}')
    assert phone.locator('#pub-konversi').inner_text() == f'{row.figures["konversi"]:.2f}'.replace('.', ',')
    assert phone.locator('svg.chart-nrr[role=img]').count() == 1
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'hasil-detail-360.png'), full_page=True)


def test_dashboard_at_1280_and_the_pdf(app, live_server, desktop, output_dir):
    _seed(app)
    unit = db.session.scalar(select(Unit).where(Unit.slug == 'kemenag-kota-bengkulu'))
    user = make_user('admin_unit', unit)
    desktop.goto(live_server + '/staf/masuk')
    desktop.fill('#email', user.email)
    desktop.fill('#password', PASSWORD)
    desktop.click('button[type=submit]')
    desktop.goto(f'{live_server}/staf/analitik/dasbor?periode=2026')
    assert desktop.locator('h1').inner_text() == f'Dasbor IKM: {unit.name}'
    assert desktop.locator('svg.chart-nrr').count() == 1 and desktop.locator('svg.chart-trend').count() == 1
    assert no_horizontal_scroll(desktop)
    desktop.screenshot(path=os.path.join(output_dir, 'dasbor-1280.png'), full_page=True)
    desktop.screenshot(path=os.path.join(output_dir, 'dasbor-1280-top.png'))
    desktop.click('text=Rencana tindak lanjut (RTL)')
    assert desktop.locator('#tabel-rtl tbody tr').count() == 3 and desktop.locator('text=Lewat tenggat').count() >= 1
    desktop.fill('#action', 'Tambah papan petunjuk alur layanan')
    desktop.fill('#owner', 'Koordinator PTSP')
    desktop.fill('#due_date', '2026-12-20')
    desktop.click('button:has-text("Tambah")')
    assert desktop.locator('#tabel-rtl tbody tr').count() == 4
    first = desktop.locator('form.rtl-update').first
    first.locator('select').select_option('selesai')
    first.locator('textarea[name=evidence]').fill('Papan alur terpasang, foto di arsip PTSP.')
    first.locator('button[type=submit]').click()
    assert desktop.locator('.flash-success').inner_text() == 'Tindakan RTL diperbarui.'
    desktop.screenshot(path=os.path.join(output_dir, 'rtl-1280.png'), full_page=True)
    res = desktop.request.get(f'{live_server}/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026')
    assert res.status == 200 and res.body()[:5] == b'%PDF-'
    pdf = os.path.join(output_dir, 'laporan-kota-bengkulu-2026.pdf')
    with open(pdf, 'wb') as fh:
        fh.write(res.body())
    for page in ('1', '3'):
        subprocess.run(['pdftoppm', '-f', page, '-l', page, '-r', '80', '-png', '-singlefile', pdf,
                        os.path.join(output_dir, f'laporan-halaman-{page}')], check=True)
        assert os.path.exists(os.path.join(output_dir, f'laporan-halaman-{page}.png'))
