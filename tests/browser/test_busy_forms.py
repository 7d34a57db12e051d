"""On a slow network a citizen's form says it is being sent and takes no second tap (static/js/busy.js): the survey,
the complaint and the WBS report, whether sent by its button or by the Enter key. A button that sends the form for
something else (formnovalidate: the header's language switch, "Ubah isian") shows nothing. The server is held on the
POST, as a slow network would hold it."""
from tests.browser.conftest import wait_until
from tests.factories import make_unit
from tests.pengaduan.factories import make_tree
from tests.survei.factories import make_survey
from tests.wbs.factories import make_member

# While the browser waits for the server, the page can no longer be asked anything (Playwright's evaluate waits for
# the navigation): the page itself reports every change of its forms' buttons on the console.
WATCH = """document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('form[data-busy] button')) {
    new MutationObserver(() => console.log('busy|' + button.disabled + '|' + button.textContent.trim()))
      .observe(button, {attributes: true});
  }
});"""


def _held_posts(page):
    held = []
    page.route('**/*', lambda route: held.append(route) if route.request.method == 'POST' else route.continue_())
    return held


def _wait_for(page, held, count=1):
    for _ in range(100):  # the route's handler runs as Playwright takes its events
        if len(held) >= count:
            return
        page.wait_for_timeout(50)
    raise AssertionError('the form was not sent')


def _sending_shows(page, control, text, press=None):
    """Click `control` (or press a key in it) while the server holds the POST: the form's button is disabled and
    reads `text` meanwhile."""
    held = _held_posts(page)
    with page.expect_console_message(lambda m: m.text.startswith('busy|true')) as message:
        if press:
            control.press(press, no_wait_after=True)
        else:
            control.click(no_wait_after=True)
    assert message.value.text == f'busy|true|{text}'
    _wait_for(page, held)
    held[0].continue_()
    page.wait_for_load_state()
    page.unroute('**/*')


def _nothing_shown_for(page, button):
    """Click `button`, which sends the form for something else: no busy state while the POST is held."""
    seen = []
    page.on('console', lambda m: seen.append(m.text))
    held = _held_posts(page)
    button.click(no_wait_after=True)
    _wait_for(page, held)
    page.wait_for_timeout(300)
    assert not [m for m in seen if m.startswith('busy|')], seen
    held[0].continue_()
    page.wait_for_load_state()
    page.unroute('**/*')


def test_the_survey_and_complaint_forms_say_they_are_sending(live_server, phone):
    unit, layanan = make_survey(make_unit(slug='kemenag-sibuk', name='Kemenag Sibuk'), slug='legalisir')
    phone.add_init_script(WATCH)
    phone.goto(f'{live_server}/survei/{unit.slug}/{layanan.slug}')
    _nothing_shown_for(phone, phone.locator('button[name=bahasa]'))  # the header's language switch
    assert 'Service satisfaction survey' in phone.locator('h1').inner_text()
    _sending_shows(phone, phone.get_by_role('button', name='Send answers'), 'Sending answers…')
    # the server's answer (what is still missing) is a fresh page: its button can be tapped again
    wait_until(phone, "!document.querySelector('form[data-busy] button[type=submit]').disabled")

    make_tree()
    phone.goto(f'{live_server}/pengaduan/baru?lang=id')
    _sending_shows(phone, phone.get_by_role('button', name='Kirim pengaduan'), 'Mengirim pengaduan…')
    # the Enter key in a text field sends the form too (through the header's hidden default button)
    title = phone.get_by_label('Judul singkat')
    title.fill('Antrean lama')
    _sending_shows(phone, title, 'Mengirim pengaduan…', press='Enter')


def test_the_wbs_review_page_says_it_is_sending_the_report(live_server, phone, fast_wbs):
    make_member()
    phone.add_init_script(WATCH)
    phone.goto(live_server + '/wbs/lapor')
    phone.select_option('#kategori', 'gratifikasi')
    for field, text in (('#apa', 'Pemberian parsel kepada pejabat'), ('#kapan', 'Desember 2026'),
                        ('#dimana', 'Kantor'), ('#bagaimana', 'Parsel diantar ke rumah')):
        phone.fill(field, text)
    phone.click('button[value=tinjau]')
    _nothing_shown_for(phone, phone.locator('button[value=ubah]'))
    phone.click('button[value=tinjau]')
    _sending_shows(phone, phone.locator('button[value=kirim]'), 'Mengirim laporan…')
    assert phone.locator('#tanda-terima').count() == 1
