"""The WBS team at 1280 px: a tim_wbs member signs in, unlocks the WBS area (password + TOTP), reads a reporter's
report and answers it; the reporter opens the report with the receipt on a 360 px phone and reads the answer."""
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from tests.browser.conftest import no_horizontal_scroll
from tests.browser.test_e2e_staff import shot, sign_in
from tests.factories import PASSWORD
from tests.wbs.factories import ANSWERS, file_report, make_member, totp_code
from wbs.models import WbsMessage, WbsReport

pytestmark = pytest.mark.usefixtures('fast_wbs')
ANSWER = 'Terima kasih. Laporan Anda kami telaah; mohon kirim foto parsel bila ada.'
NOTE = 'Catatan tim: cocokkan dengan daftar tamu kantor.'


def test_team_member_answers_a_report_and_the_reporter_reads_it(live_server, client, desktop, phone, output_dir):
    member = make_member(name='Bu Anggota WBS')
    _response, receipt = file_report(client)
    report = db.session.scalar(select(WbsReport))

    page = desktop
    sign_in(page, live_server, member.user)
    page.click('main a[href="/staf/wbs/"]')
    page.wait_for_url(re.compile(r'/staf/wbs/buka\?next=/staf/wbs/$'))  # locked until password + TOTP
    assert 'kode autentikator' in page.inner_text('main')
    page.fill('#password', PASSWORD)
    page.fill('#code', totp_code(member.id))
    page.click('main button[type=submit]')
    page.wait_for_url(live_server + '/staf/wbs/')
    row = page.locator('tbody tr').first
    assert report.number in row.inner_text() and 'Gratifikasi' in row.inner_text() and 'ya' in row.inner_text()
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'wbs-list-1280.png')

    page.click(f'text={report.number}')
    assert page.inner_text('#isi-apa') == ANSWERS['apa']  # decrypted with the member's unlocked key
    assert ANSWERS['terlapor_nama'] in page.inner_text('dl.review') and 'anonim' in page.inner_text('dl.review')
    page.fill('#pesan-text', ANSWER)
    page.click('form[action$="/pesan"] button[type=submit]')
    assert page.inner_text('.flash-success') == 'Pesan terkirim ke pelapor.'
    page.fill('#catatan-text', NOTE)
    page.click('form[action$="/catatan"] button[type=submit]')
    assert page.inner_text('.flash-success') == 'Catatan disimpan.'
    page.select_option('#status', 'ditelaah')
    page.select_option('#risk', 'rendah')  # the retaliation risk, assessed at triage (ISO 37002 8.3)
    page.click('form[action$="/status"] button[type=submit]')
    assert page.inner_text('.flash-success') == 'Status diperbarui.'
    assert page.inner_text('strong.tag') == 'Ditelaah'
    assert ANSWER in page.inner_text('main') and NOTE in page.inner_text('main')
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'wbs-detail-1280.png')

    db.session.expire_all()
    report = db.session.get(WbsReport, report.id)
    assert report.status == 'ditelaah'
    messages = db.session.scalars(select(WbsMessage).where(WbsMessage.report_id == report.id)).all()
    assert sorted(m.kind for m in messages) == ['catatan', 'catatan', 'tim']  # the note, the risk assessment
    assert all(ANSWER.encode() not in m.body and NOTE.encode() not in m.body for m in messages)  # encrypted at rest

    # The reporter, on a phone, opens the report with the receipt: the answer and the new status, not the note.
    phone.goto(live_server + '/wbs/masuk')
    phone.fill('#tanda_terima', receipt)
    phone.click('main button[type=submit]')
    assert phone.inner_text('h1') == f'Laporan {report.number}'
    assert phone.inner_text('strong.tag') == 'Ditelaah'
    team = phone.locator('.msg-tim')
    assert team.count() == 1 and ANSWER in team.inner_text() and 'Tim WBS' in team.inner_text()
    assert NOTE not in phone.content() and 'Bu Anggota WBS' not in phone.content()
    assert no_horizontal_scroll(phone)
    shot(phone, output_dir, 'wbs-reporter-360.png')


def test_a_member_excludes_a_colleague_then_undoes_it_on_a_phone(live_server, client, phone, output_dir):
    member = make_member(name='Bu Anggota WBS')
    named = make_member(name='Pak Anggota Disebut')
    file_report(client)
    report = db.session.scalar(select(WbsReport))

    page = phone
    sign_in(page, live_server, member.user)
    page.goto(f'{live_server}/staf/wbs/laporan/{report.id}')
    page.fill('#password', PASSWORD)
    page.fill('#code', totp_code(member.id))
    page.click('main button[type=submit]')
    page.wait_for_url(f'{live_server}/staf/wbs/laporan/{report.id}')

    page.select_option('#x-member_id', str(named.id))
    page.check('input[name=x-yakin]')
    page.click('form[action$="/kecualikan"] button[type=submit]')
    excluded = page.locator('#dikecualikan li')
    assert excluded.count() == 1 and 'Pak Anggota Disebut' in excluded.inner_text()
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'wbs-excluded-360.png')

    undo = excluded.locator('form.undo-exclusion')
    undo.locator('button[type=submit]').click()  # the confirmation is required: the browser keeps the form
    assert page.locator('#dikecualikan li').count() == 1
    undo.locator('input[type=checkbox]').check()
    undo.locator('button[type=submit]').click()
    flash = page.inner_text('.flash-success')
    assert flash.startswith('Pengecualian Pak Anggota Disebut dibatalkan.') and 'Bagikan akses' in flash
    assert page.inner_text('#dikecualikan') == 'Belum ada.'
    assert 'Pak Anggota Disebut' in page.inner_text('#s-member_id')  # offered for sharing again
    assert no_horizontal_scroll(page)
    shot(page, output_dir, 'wbs-exclusion-undone-360.png')
