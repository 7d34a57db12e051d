"""The report form sent twice before its first answer arrives (a double click; "send" pressed again after the answer
was lost on a slow network) files one report, and the second answer shows the first one's receipt: the reporter is
never left with a report they cannot open. The same form from another browser opens nothing. No receipt is stored."""
import threading

from sqlalchemy import func, select

from portal.extensions import db as _db
from tests.factories import fresh_once, once_token
from tests.wbs.factories import ANSWERS, CSRF, RECEIPT, wbs_csrf
from wbs import services
from wbs.models import WbsOnceClaim, WbsReport
from wbs.receipt import DIGITS, receipt_for_form

KEY = bytes(range(32))
COOKIE = 'A' * 43
TOKEN = '20261127.' + 'b' * 32


def _review(client):
    """(the review page's form data for sending, the browser's wbs_csrf cookie value)."""
    page = client.post('/wbs/lapor', data=dict(ANSWERS, wbs_csrf=wbs_csrf(client), aksi='tinjau')).get_data(
        as_text=True)
    data = dict(ANSWERS, wbs_csrf=CSRF.search(page).group(1), aksi='kirim', sekali=once_token(page, '/wbs/lapor'))
    return data, client.get_cookie('wbs_csrf', path='/wbs').value


def _same_browser_before_the_answer(app, cookie):
    """The browser as it was when the first sending left: its CSRF cookie, and none of what the answer sets."""
    twin = app.test_client()
    twin.set_cookie('wbs_csrf', cookie, path='/wbs')
    return twin


def _receipt(client, location):
    page = client.get(location).get_data(as_text=True)
    match = RECEIPT.search(page)
    return (match.group(1).replace(' ', '') if match else None), page


def _reports():
    _db.session.expire_all()
    return _db.session.scalar(select(func.count()).select_from(WbsReport))


def test_the_receipt_of_a_form_depends_on_the_browser_the_form_and_the_key():
    receipt = receipt_for_form(KEY, COOKIE, TOKEN)
    assert len(receipt) == DIGITS and receipt.isdigit()
    assert receipt_for_form(KEY, COOKIE, TOKEN) == receipt  # the same sending again: the same receipt
    others = {receipt_for_form(KEY, 'B' * 43, TOKEN), receipt_for_form(KEY, COOKIE, '20261127.' + 'c' * 32),
              receipt_for_form(bytes(32), COOKIE, TOKEN)}
    assert receipt not in others and len(others) == 3
    assert len({receipt_for_form(KEY, COOKIE, f'20261127.{i:032d}') for i in range(2000)}) == 2000


def test_a_form_sent_again_before_its_answer_files_once_and_shows_the_same_receipt(app, client, db):
    data, cookie = _review(client)
    first = client.post('/wbs/lapor', data=data)
    assert first.status_code == 303 and first.headers['Location'] == '/wbs/tanda-terima'
    receipt, _ = _receipt(client, first.headers['Location'])

    twin = _same_browser_before_the_answer(app, cookie)
    again = twin.post('/wbs/lapor', data=data)
    assert again.status_code == 303 and again.headers['Location'] == '/wbs/tanda-terima?ulang=1'
    shown, page = _receipt(twin, again.headers['Location'])
    assert shown == receipt
    assert 'Laporan Anda sudah terkirim sebelumnya, jadi tidak dikirim lagi.' in page
    assert _reports() == 1
    assert db.session.scalar(select(func.count()).select_from(WbsOnceClaim)) == 1
    # the twin is signed in to that one report, and the receipt opens it as it would have
    assert 'Penerimaan hadiah' in twin.get('/wbs/laporan').get_data(as_text=True)
    report = db.session.scalar(select(WbsReport))
    opened = services.open_with_receipt(receipt)
    assert opened is not None and opened[0].id == report.id


def test_the_receipt_is_kept_nowhere_on_the_server(app, client, db):
    data, cookie = _review(client)
    receipt, _ = _receipt(client, client.post('/wbs/lapor', data=data).headers['Location'])
    for table in ('wbs_report', 'wbs_once_claim', 'wbs_access', 'audit_event'):
        for row in db.session.execute(select('*').select_from(_db.metadata.tables[table])):
            assert all(receipt not in str(value) for value in row), table
    assert data['sekali'] not in str(db.session.execute(select(WbsOnceClaim.digest)).all())


def test_the_same_form_from_another_browser_files_nothing_and_opens_nothing(app, client, db):
    data, _cookie = _review(client)
    client.post('/wbs/lapor', data=data)
    other = app.test_client()
    stolen = dict(data, wbs_csrf=wbs_csrf(other))  # its own valid CSRF pair, the first browser's once token
    answer = other.post('/wbs/lapor', data=stolen)
    assert answer.status_code == 303 and answer.headers['Location'] == '/wbs/masuk?sudah=1'
    shown, page = _receipt(other, answer.headers['Location'])
    assert shown is None and 'Laporan dari formulir itu sudah terkirim sebelumnya' in page
    assert other.get('/wbs/laporan').status_code == 303  # not signed in to anything
    assert _reports() == 1


def test_a_send_without_a_current_token_keeps_the_answers_and_files_nothing(client, db):
    data, _cookie = _review(client)
    for token in ('', 'bukan-token', '20200101.' + 'x' * 32):
        answer = client.post('/wbs/lapor', data=dict(data, sekali=token))
        page = answer.get_data(as_text=True)
        assert answer.status_code == 422 and 'tidak dapat dipastikan laporan ini belum pernah terkirim' in page
        assert 'value="Penerimaan hadiah"' in page and once_token(page, '/wbs/lapor')  # a fresh token to send with
    assert _reports() == 0
    assert client.post('/wbs/lapor', data=dict(data, sekali=fresh_once())).status_code == 303
    assert _reports() == 1


def test_a_double_click_at_the_same_moment_files_one_report_and_every_answer_has_its_receipt(app, client, db):
    data, cookie = _review(client)
    browsers = [_same_browser_before_the_answer(app, cookie) for _ in range(4)]
    barrier = threading.Barrier(len(browsers))
    answers, errors = [], []

    def send(browser):
        try:
            barrier.wait()
            response = browser.post('/wbs/lapor', data=data)
            answers.append((response.status_code, _receipt(browser, response.headers['Location'])[0]))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors and len(answers) == len(browsers), (answers, errors)
    assert {code for code, _ in answers} == {303}
    receipts = {receipt for _, receipt in answers}
    assert len(receipts) == 1 and None not in receipts
    assert _reports() == 1
