"""After a refused submit, every citizen form takes the visitor to its errors: the focus is on the error summary, the
<title> says so, each message is the accessible description of its control and the invalid controls say they are.
Before any submit, nothing is announced invalid. Read from Chromium's own accessibility tree (CDP).
Screenshots go to test-output/<test>/."""
import os

from portal.demo import seed_units
from portal.extensions import db
from tests.browser.conftest import no_horizontal_scroll, untappable, wait_until
from tests.factories import make_unit
from tests.survei.factories import make_survey

MARKER = 'Periksa isian · '
REQUIRED = 'Isian ini wajib diisi.'  # WTForms' DataRequired, in Indonesian
SUMMARY_FOCUSED = "document.activeElement.matches('[data-error-summary][role=alert][tabindex=\"-1\"]')"
INVALID_IDS = "[...document.querySelectorAll('[aria-invalid=true]')].map(e => e.id || e.name)"


def ax(page, selector):
    """What Chromium exposes for the element at `selector`: role, name, description, invalid, required."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send('DOM.getDocument', {'depth': 0})['root']['nodeId']
        node = cdp.send('DOM.querySelector', {'nodeId': root, 'selector': selector})['nodeId']
        assert node, f'{selector} not in the page'
        found = cdp.send('Accessibility.getPartialAXTree', {'nodeId': node, 'fetchRelatives': False})['nodes'][0]
    finally:
        cdp.detach()
    props = {p['name']: p['value'].get('value') for p in found.get('properties', [])}
    return {'role': found['role']['value'], 'name': (found.get('name') or {}).get('value', ''),
            'description': (found.get('description') or {}).get('value', ''),
            'invalid': props.get('invalid'), 'required': props.get('required')}


def described_by(page, selector):
    """The text of the elements a control's aria-describedby names, in order."""
    return page.evaluate("""s => (document.querySelector(s).getAttribute('aria-describedby') || '').split(/\\s+/)
        .filter(Boolean).map(id => document.getElementById(id).textContent.trim()).join(' ')""", selector)


def submit(page, button):
    with page.expect_navigation():
        page.click(button)


def assert_summary_has_focus(page, marker=MARKER):
    # autofocus is applied at the first rendering update after the page loads: a moment after `load`
    wait_until(page, SUMMARY_FOCUSED)
    assert page.title().startswith(marker), page.title()
    assert page.get_by_role('alert').count() == 1  # the summary only: no second alert competing with it
    box = page.evaluate('(r => [r.top, r.bottom])(document.activeElement.getBoundingClientRect())')
    assert -1 < box[0] < page.viewport_size['height']  # scrolled into view (to the pixel)


def test_survey_errors_take_the_focus_and_describe_each_question(live_server, phone, browser, output_dir):
    unit, layanan = make_survey(slug='legalisir-ijazah', name='Legalisir Ijazah dan Dokumen')
    url = f'{live_server}/survei/{unit.slug}/{layanan.slug}'
    phone.goto(url)
    normal_title = phone.title()
    assert not normal_title.startswith(MARKER)
    assert phone.locator('[aria-invalid]').count() == 0 and phone.locator('[data-error-summary]').count() == 0
    assert phone.get_by_text('Semua pertanyaan wajib dijawab, kecuali saran.').is_visible()
    group = ax(phone, '#q-u1')
    assert group['role'] == 'radiogroup' and group['required'] is True and group['invalid'] == 'false'
    assert group['name'].startswith('1. ')  # still named by its legend
    assert ax(phone, '#q-gender')['required'] is True
    for control in ('age', 'education', 'occupation', 'service_date'):
        assert phone.get_attribute(f'#{control}', 'aria-required') == 'true'
    assert phone.get_attribute('#saran', 'aria-required') is None  # the one optional answer

    phone.locator('label.opt:has(input[name=u1][value="3"])').click()
    submit(phone, 'button.big')
    assert_summary_has_focus(phone)
    assert phone.title() == MARKER + normal_title
    assert phone.evaluate('document.activeElement.id') == 'salah'
    phone.screenshot(path=os.path.join(output_dir, 'survey-errors-360.png'))
    assert no_horizontal_scroll(phone)

    for code in ('u2', 'u9', 'ipak5'):
        group = ax(phone, f'#q-{code}')
        assert group['role'] == 'radiogroup' and group['description'] == 'Pilih salah satu jawaban.', group
    assert ax(phone, '#q-gender')['description'] == 'Pilih jenis kelamin.'
    assert ax(phone, '#q-u1')['description'] == ''  # answered: no message
    radio = ax(phone, 'input[name=u2][value="1"]')
    assert radio['role'] == 'radio' and radio['invalid'] == 'true'
    assert ax(phone, 'input[name=gender][value=P]')['invalid'] == 'true'
    assert ax(phone, 'input[name=u1][value="3"]')['invalid'] == 'false'
    for control, message in (('age', 'Isi umur Anda (dalam tahun).'), ('education', 'Pilih pendidikan terakhir.'),
                             ('occupation', 'Pilih pekerjaan.')):
        node = ax(phone, f'#{control}')
        assert node['description'] == message and node['invalid'] == 'true', (control, node)
    radios = phone.locator('input[type=radio]').count()
    assert phone.locator('input[type=radio][aria-invalid=true]').count() == radios - 4  # all but u1's four
    invalid = set(phone.evaluate(INVALID_IDS))  # radios by name
    assert 'u1' not in invalid and {'u2', 'ipak5', 'gender'} <= invalid
    assert {'age', 'education', 'occupation'} <= invalid and not {'service_date', 'saran'} & invalid

    phone.keyboard.press('Tab')  # on from the summary: its first link
    assert phone.evaluate("document.activeElement.getAttribute('href')") == '#q-u2'

    # the page a next visitor gets (kept by the page cache) carries nothing of this refused submit
    other = browser.new_context(viewport={'width': 360, 'height': 740}).new_page()
    other.goto(url)
    assert other.title() == normal_title and other.locator('[aria-invalid], [data-error-summary]').count() == 0
    other.context.close()


def test_survey_in_english_marks_the_indonesian_names_and_titles_the_layanan(live_server, desktop, output_dir):
    unit, layanan = make_survey(make_unit(slug='kemenag-kota-uji', name='Kantor Kemenag Kota Uji'),
                                slug='legalisir-ijazah', name='Legalisir Ijazah dan Dokumen')
    desktop.context.add_cookies([{'name': 'lang', 'value': 'en', 'url': live_server}])
    desktop.goto(f'{live_server}/survei/')
    assert desktop.locator('summary[lang=id]').inner_text() == 'Kantor Kemenag Kota Uji'
    assert desktop.locator('.tree a[lang=id]').text_content() == 'Legalisir Ijazah dan Dokumen'
    desktop.goto(f'{live_server}/survei/{unit.slug}/{layanan.slug}')
    assert desktop.locator('html').get_attribute('lang') == 'en'
    assert desktop.locator('.svc strong[lang=id]').inner_text() == 'Legalisir Ijazah dan Dokumen'
    assert desktop.locator('.svc span[lang=id]').inner_text() == 'Kantor Kemenag Kota Uji'
    normal_title = desktop.title()
    desktop.get_by_label('Age (years)').fill('41')
    submit(desktop, 'button.big')
    assert_summary_has_focus(desktop, marker='')  # the marker in English: whatever the catalogue says
    assert desktop.title().endswith(' · ' + normal_title) and desktop.title() != normal_title
    assert ax(desktop, '#q-u1')['description'] == 'Choose one answer.'
    desktop.screenshot(path=os.path.join(output_dir, 'survey-errors-en-1280.png'))

    for name in desktop.evaluate("[...new Set([...document.querySelectorAll('.q input')].map(r => r.name))]"):
        if name != 'gender':
            desktop.locator(f'label.opt:has(input[name="{name}"][value="4"])').click()
    desktop.get_by_role('radio', name='Male', exact=True).check()
    desktop.get_by_label('Highest education').select_option('SMA')
    desktop.get_by_label('Occupation').select_option('Wiraswasta')
    submit(desktop, 'button.big')
    assert desktop.url.endswith('/terima-kasih')
    office = 'Kanwil Kementerian Agama Provinsi Bengkulu'  # OFFICE_NAME's default
    assert desktop.title() == f'Thank you · Legalisir Ijazah dan Dokumen · {office}'  # every title ends so
    assert desktop.locator('.thanks span[lang=id]').all_inner_texts() == ['Legalisir Ijazah dan Dokumen',
                                                                           'Kantor Kemenag Kota Uji']
    desktop.goto(f'{live_server}/survei/{unit.slug}/{layanan.slug}')  # answered today: the "already" page
    assert desktop.title() == f'Survey already answered · Legalisir Ijazah dan Dokumen · {office}'
    assert desktop.locator('main span[lang=id]').first.inner_text() == 'Legalisir Ijazah dan Dokumen'

    desktop.context.clear_cookies()  # in Indonesian the names need no lang of their own
    desktop.goto(f'{live_server}/survei/')
    assert desktop.locator('main [lang]').count() == 0


def test_complaint_form_errors_take_the_focus_and_describe_each_field(live_server, phone, output_dir):
    seed_units()
    db.session.commit()
    phone.goto(live_server + '/pengaduan/baru')
    normal_title = phone.title()
    assert phone.get_by_text('Isian bertanda * wajib diisi.').is_visible()
    # nothing announced invalid before the citizen touched the form; required said without the attribute
    assert phone.locator('[aria-invalid]').count() == 0
    for selector in ('#category', '#consent'):
        assert phone.get_attribute(selector, 'required') is None
        assert phone.get_attribute(selector, 'aria-required') == 'true'
        assert ax(phone, selector)['invalid'] == 'false', selector
    assert ax(phone, '#title')['invalid'] == 'false'
    assert untappable(phone) == []  # "Bagaimana data Anda digunakan", the privacy choices, the consent

    submit(phone, '#pengaduan-form button[type=submit]')  # empty: the server still refuses category and consent
    assert_summary_has_focus(phone)
    assert phone.title() == MARKER + normal_title
    phone.screenshot(path=os.path.join(output_dir, 'complaint-errors-360.png'))
    assert no_horizontal_scroll(phone)
    summary = phone.locator('[data-error-summary]').inner_text()
    assert 'Kategori: Pilih kategori.' in summary and 'Centang persetujuan.' in summary
    assert 'Saya menyatakan' not in summary  # the consent's label is a whole sentence: its message alone
    assert phone.evaluate("getComputedStyle(document.querySelector('#consent')).outlineStyle") == 'solid'
    for selector, message in (('#category', 'Pilih kategori.'), ('#consent', 'Centang persetujuan.'),
                              ('#title', REQUIRED), ('#text', REQUIRED),
                              ('#name', 'Isi nama Anda, atau pilih anonim.')):
        node = ax(phone, selector)
        assert message in node['description'] and node['invalid'] == 'true', (selector, node)
        assert message in described_by(phone, selector)
    assert set(phone.evaluate(INVALID_IDS)) == {'category', 'title', 'text', 'name', 'phone', 'consent'}
    assert ax(phone, '#place')['invalid'] == 'false'


def test_complaint_attachment_and_layanan_errors_are_tied_to_their_fields(live_server, desktop, output_dir,
                                                                          tmp_path):
    seed_units()
    db.session.commit()
    bad = tmp_path / 'catatan.txt'
    bad.write_text('bukan gambar')
    desktop.goto(live_server + '/pengaduan/baru?unit=kemenag-kota-bengkulu&layanan=legalisir-ijazah')
    desktop.select_option('#category', 'waktu')
    desktop.fill('#title', 'Antrean legalisir terlalu lama')
    desktop.fill('#text', 'Saya menunggu lebih dari tiga jam di loket PTSP tanpa kepastian kapan dilayani.')
    desktop.check('input[name=privacy][value=anonim]')
    desktop.check('#consent')
    desktop.set_input_files('#lampiran1', str(bad))
    submit(desktop, '#pengaduan-form button[type=submit]')
    assert_summary_has_focus(desktop)  # one alert: the note in the attachment box is not a second one
    node = ax(desktop, '#lampiran1')
    assert 'Jenis berkas tidak diterima' in node['description'] and node['invalid'] == 'true', node
    assert ax(desktop, '#lampiran2')['invalid'] == 'false'
    assert set(desktop.evaluate(INVALID_IDS)) == {'lampiran1'}
    desktop.screenshot(path=os.path.join(output_dir, 'complaint-attachment-1280.png'))

    # a layanan of another unit (the script hides them; a page without it, or a tampered one, can send it)
    other = desktop.evaluate("""() => { const unit = document.querySelector('#unit').value;
        const group = [...document.querySelectorAll('#layanan optgroup')].find(g => g.dataset.unit !== unit);
        group.disabled = false; group.hidden = false; const o = group.querySelector('option');
        document.querySelector('#layanan').value = o.value; return o.value; }""")
    assert other
    submit(desktop, '#pengaduan-form button[type=submit]')
    assert_summary_has_focus(desktop)
    node = ax(desktop, '#layanan')
    assert 'bukan layanan unit yang dipilih' in node['description'] and node['invalid'] == 'true', node
    assert node['description'].startswith('Layanan dikelompokkan per unit.')  # the hint first, then the error
    assert set(desktop.evaluate(INVALID_IDS)) == {'layanan'}


def test_tracking_a_wrong_or_empty_code_shows_and_focuses_a_summary(live_server, phone, output_dir):
    phone.goto(live_server + '/pengaduan/lacak')
    normal_title = phone.title()
    assert phone.locator('[aria-invalid], [role=alert]').count() == 0
    submit(phone, '#lacak-form button[type=submit]')  # nothing typed
    assert_summary_has_focus(phone)
    assert phone.title() == MARKER + normal_title
    assert REQUIRED in ax(phone, '#kode')['description'] and ax(phone, '#kode')['invalid'] == 'true'

    phone.fill('#kode', 'ZZZZ-ZZZZ-ZZ99')
    submit(phone, '#lacak-form button[type=submit]')
    assert_summary_has_focus(phone)
    message = 'Ada huruf atau angka yang salah ketik'
    assert message in phone.locator('[data-error-summary]').inner_text()
    node = ax(phone, '#kode')
    assert message in node['description'] and node['invalid'] == 'true'
    assert phone.locator('[data-error-summary] a').get_attribute('href') == '#kode'
    phone.screenshot(path=os.path.join(output_dir, 'track-wrong-360.png'))
    assert no_horizontal_scroll(phone)


def test_wbs_report_form_errors_take_the_focus_without_a_script(live_server, desktop, output_dir):
    desktop.goto(live_server + '/wbs/lapor')
    normal_title = desktop.title()
    assert desktop.get_by_text('Isian bertanda * wajib diisi.').is_visible()
    assert desktop.get_attribute('#kategori', 'required') is None
    assert desktop.get_attribute('#kategori', 'aria-required') == 'true'
    assert ax(desktop, '#kategori')['invalid'] == 'false' and desktop.locator('[aria-invalid]').count() == 0

    submit(desktop, '#lapor-form button[type=submit]')
    assert_summary_has_focus(desktop)
    assert desktop.title() == MARKER + normal_title
    assert desktop.evaluate('document.scripts.length') == 0  # autofocus does it: the WBS pages run no script
    for selector, message in (('#kategori', 'Pilih jenis pelanggaran.'), ('#apa', REQUIRED), ('#dimana', REQUIRED)):
        node = ax(desktop, selector)
        assert message in node['description'] and node['invalid'] == 'true', (selector, node)
    assert set(desktop.evaluate(INVALID_IDS)) == {'kategori', 'apa', 'kapan', 'dimana', 'bagaimana'}
    desktop.screenshot(path=os.path.join(output_dir, 'wbs-report-errors-1280.png'))


def test_wbs_wrong_receipt_takes_the_focus_and_describes_the_field(live_server, phone, output_dir, fast_wbs):
    phone.goto(live_server + '/wbs/masuk')
    normal_title = phone.title()
    assert ax(phone, '#tanda_terima')['invalid'] == 'false'
    phone.fill('#tanda_terima', '1111 2222 3333 4444')
    submit(phone, 'main form button[type=submit]')
    assert_summary_has_focus(phone)
    assert phone.title() == MARKER + normal_title
    assert phone.evaluate('document.activeElement.id') == 'masuk-err'
    node = ax(phone, '#tanda_terima')
    assert node['invalid'] == 'true'
    assert node['description'] == ('Spasi dan tanda hubung boleh diketik. '
                                   'Nomor tanda terima tidak cocok. Ketik ulang ke-16 angkanya.')
    assert phone.evaluate('document.scripts.length') == 0
    phone.screenshot(path=os.path.join(output_dir, 'wbs-wrong-receipt-360.png'))
    assert no_horizontal_scroll(phone)


def test_an_error_the_service_refuses_takes_the_focus_too(live_server, phone, output_dir):
    """A form that passes its own checks but is refused by the rule behind it (here: a period overlapping one already
    entered) says why in a flash, which takes the focus like a form's error summary."""
    from datetime import date

    from tests.analytics.factories import make_population
    from tests.browser.test_e2e_staff import sign_in
    from tests.factories import make_layanan, make_unit, make_user

    unit = make_unit('Kantor Kemenag Kota Uji', slug='kemenag-kota-uji')
    layanan = make_layanan(unit, 'Legalisir Ijazah', slug='legalisir')
    make_population(layanan, 40, date(2026, 7, 1), date(2026, 9, 30))
    page = phone
    sign_in(page, live_server, make_user('admin_unit', unit, name='Admin Kota'))
    page.goto(live_server + '/staf/survei/pengguna-layanan')
    page.select_option('#layanan_id', str(layanan.id))
    page.fill('#period_start', '2026-08-01')
    page.fill('#period_end', '2026-08-31')
    page.fill('#count', '10')
    page.click('main form button[type=submit]')
    flash = page.locator('.flash-error')
    assert 'bertumpang tindih' in flash.inner_text()
    wait_until(page, "document.activeElement && document.activeElement.classList.contains('flash-error')")
    assert page.evaluate("document.activeElement.getAttribute('role')") == 'alert'
    page.screenshot(path=os.path.join(output_dir, 'flash-focus-360.png'))
