"""The proof-of-filing check says what is wrong: no proof at all, not text, empty, changed after signing, signature
gone or cut short, signed with another office's key. `flask wbs verify` answers in one line and a non-zero exit code
(never a traceback); the team's page shows the same reasons."""
import base64

import pytest
from nacl.signing import SigningKey

from portal.models import AuditEvent
from tests.factories import post_form
from tests.wbs.factories import file_report, make_member, png_bytes, unlock
from wbs import crypto, proof, services
from wbs.models import WbsReport

NOT_A_PROOF = 'Ini bukan berkas bukti penyampaian WBS'
NOT_TEXT = 'berkasnya bukan teks'
EMPTY = 'Berkas kosong'
CHANGED = 'Bukti tidak sah: berkas ini diubah setelah ditandatangani kantor'
NO_SIGNATURE = 'tanda tangan kantor tidak ada pada berkas ini'
BAD_SIGNATURE = 'tanda tangan kantor rusak atau terpotong'
CUT_SHORT = 'Bukti tidak lengkap: bagian bertanda tangan terpotong'
OTHER_KEY = 'ditandatangani dengan kunci lain'
NO_MATCH = 'tanda tangan tidak cocok dengan kunci kantor ini'


@pytest.fixture
def proof_text(app, db):
    """A reporter's proof of filing, downloaded from the reporter's page, and its report."""
    reporter = app.test_client()
    file_report(reporter)
    text = reporter.get('/wbs/laporan/bukti').get_data(as_text=True)
    return text, db.session.scalar(db.select(WbsReport))


def _block(text):
    lines = text.splitlines()
    return lines, lines.index(proof.BEGIN)


def _flip(line, at):
    """`line` with the character at `at` replaced by another base64 character."""
    return line[:at] + ('A' if line[at] != 'A' else 'B') + line[at + 1:]


def _legacy(signing_key, office, number, filed_on, digest):
    """A version-1 proof (before the statement named its key), laid out as it was then."""
    payload, signature = crypto.sign_statement(signing_key, {'v': 1, 'kantor': office, 'nomor': number,
                                                             'tanggal': filed_on, 'sha256': digest})
    return '\n'.join(['BUKTI PENYAMPAIAN LAPORAN PENGADUAN PELANGGARAN (WBS)', f'Kantor        : {office}',
                      f'Nomor laporan : {number}', f'Tanggal       : {filed_on}', f'SHA-256 isi   : {digest}', '',
                      proof.BEGIN, base64.b64encode(payload).decode(), base64.b64encode(signature).decode(),
                      proof.END, ''])


def _cases(text, report):
    """(name, content, expected words) for every kind of bad proof a text field can carry."""
    lines, i = _block(text)
    statement = proof.verify_text(services.signing_key().verify_key, text)
    header_changed = text.replace(f'Nomor laporan : {report.number}', f'Nomor laporan : {_flip(report.number, 5)}')
    other = proof.make_statement(SigningKey.generate(), 'Kantor Kemenag Kabupaten Lain', report.number,
                                 statement['tanggal'], statement['sha256'])
    return [
        ('junk', 'Daftar belanja: beras 5 kg, minyak 2 liter.\nTidak ada apa-apa di sini.', NOT_A_PROOF),
        ('header changed', header_changed, CHANGED + ' (Nomor laporan tertulis'),
        ('payload changed', '\n'.join(lines[:i + 1] + [_flip(lines[i + 1], 40)] + lines[i + 2:]), CHANGED),
        ('signature changed', '\n'.join(lines[:i + 2] + [_flip(lines[i + 2], 20)] + lines[i + 3:]), CHANGED),
        ('signature removed', '\n'.join(lines[:i + 2] + lines[i + 3:]), NO_SIGNATURE),
        ('signature truncated', '\n'.join(lines[:i + 2] + [lines[i + 2][:-10]] + lines[i + 3:]), BAD_SIGNATURE),
        ('file cut in the signature', '\n'.join(lines[:i + 2] + [lines[i + 2][:30]]), BAD_SIGNATURE),
        ('file cut before the signature', '\n'.join(lines[:i + 1]), CUT_SHORT),
        ('file cut in the payload', '\n'.join(lines[:i + 1] + [lines[i + 1][:41]]), CUT_SHORT),
        ('another office', other, OTHER_KEY),
        ('another office, older proof', _legacy(SigningKey.generate(), 'Kantor Lain', report.number,
                                                statement['tanggal'], statement['sha256']), NO_MATCH),
    ]


def _one_line_failure(result):
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # a ClickException, not a crash
    assert 'Traceback' not in result.output and 'SAH:' not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def test_the_command_says_what_is_wrong_with_each_bad_proof(app, runner, tmp_path, proof_text):
    text, report = proof_text
    path = tmp_path / 'bukti.txt'
    path.write_text(text, encoding='utf-8')
    ok = runner.invoke(args=['wbs', 'verify', str(path)])
    statement = proof.verify_text(services.signing_key().verify_key, text)
    assert ok.exit_code == 0
    assert ok.output == f"SAH: laporan {report.number} tanggal {statement['tanggal']}, SHA-256 {statement['sha256']}\n"
    for name, content, expected in _cases(text, report):
        path.write_text(content, encoding='utf-8')
        output = _one_line_failure(runner.invoke(args=['wbs', 'verify', str(path)]))
        assert expected in output, (name, output)
    files = {'empty': (b'', EMPTY), 'only blank lines': (b'\n \r\n\t\n', EMPTY), 'png': (png_bytes(), NOT_TEXT),
             'not UTF-8': ('Laporan caf\xe9 bukan UTF-8'.encode('latin-1'), NOT_TEXT),
             'NUL bytes': (b'\0' * 64, NOT_TEXT), 'pdf': (b'%PDF-1.7\n\xe2\xe3\xcf\xd3\n1 0 obj', NOT_TEXT),
             'junk in UTF-16': ('catatan biasa'.encode('utf-16'), NOT_A_PROOF)}
    for name, (data, expected) in files.items():
        path.write_bytes(data)
        output = _one_line_failure(runner.invoke(args=['wbs', 'verify', str(path)]))
        assert expected in output, (name, output)


def test_the_command_reads_a_proof_an_editor_saved_differently(app, runner, tmp_path, proof_text):
    text, report = proof_text
    path = tmp_path / 'bukti.txt'
    for data in (text.replace('\n', '\r\n').encode('utf-8-sig'), text.encode('utf-16'), text.encode('cp1252')):
        path.write_bytes(data)
        result = runner.invoke(args=['wbs', 'verify', str(path)])
        assert result.exit_code == 0 and result.output.startswith(f'SAH: laporan {report.number} tanggal ')


def test_the_command_refuses_what_it_cannot_read_in_one_line(runner, tmp_path):
    for args, expected in (([str(tmp_path / 'tidak-ada.txt')], 'Berkas tidak ditemukan'),
                           ([str(tmp_path)], 'adalah folder')):
        assert expected in _one_line_failure(runner.invoke(args=['wbs', 'verify', *args]))
    big = tmp_path / 'besar.txt'
    big.write_bytes(b'a' * (70 * 1024))
    assert 'terlalu besar' in _one_line_failure(runner.invoke(args=['wbs', 'verify', str(big)]))


def test_an_older_proof_signed_by_this_office_still_verifies(app, runner, tmp_path, proof_text):
    text, report = proof_text
    statement = proof.verify_text(services.signing_key().verify_key, text)
    old = _legacy(services.signing_key(), statement['kantor'], report.number, statement['tanggal'],
                  statement['sha256'])
    path = tmp_path / 'lama.txt'
    path.write_text(old, encoding='utf-8')
    result = runner.invoke(args=['wbs', 'verify', str(path)])
    assert result.exit_code == 0 and result.output.startswith(f'SAH: laporan {report.number} ')
    lines, i = _block(old)
    path.write_text('\n'.join(lines[:i + 2] + [_flip(lines[i + 2], 20)] + lines[i + 3:]), encoding='utf-8')
    assert NO_MATCH in _one_line_failure(runner.invoke(args=['wbs', 'verify', str(path)]))


def test_no_single_changed_character_of_the_signed_lines_passes(app, proof_text):
    text, _report = proof_text
    key = services.signing_key().verify_key
    lines, i = _block(text)
    for row in (i + 1, i + 2):
        for at in range(len(lines[row])):
            changed = lines[:row] + [_flip(lines[row], at)] + lines[row + 1:]
            with pytest.raises(proof.ProofError) as caught:
                proof.verify_text(key, '\n'.join(changed))
            assert caught.value.reason in ('diubah', 'tanda_tangan_rusak', 'terpotong'), (row, at)


def test_the_team_page_says_what_is_wrong_with_each_bad_proof(app, client, db, proof_text):
    text, report = proof_text
    unlock(client, make_member())
    ok = post_form(client, '/staf/wbs/verifikasi', {'text': text})
    assert ok.status_code == 200 and 'SAH: ditandatangani kunci kantor.' in ok.get_data(as_text=True)
    for name, content, expected in _cases(text, report):
        page = post_form(client, '/staf/wbs/verifikasi', {'text': content}).get_data(as_text=True)
        alert = page[page.index('class="flash flash-error" role="alert"'):]
        alert = alert[:alert.index('</p>')]
        assert expected.replace('"', '&#34;') in alert, (name, alert)
        assert 'SAH:' not in page
    other = _cases(text, report)[-2][1]
    page = post_form(client, '/staf/wbs/verifikasi', {'text': other}).get_data(as_text=True)
    assert 'Kantor Kemenag Kabupaten Lain' in page
    assert services.signing_key().verify_key.encode().hex()[:16] in page
    empty = post_form(client, '/staf/wbs/verifikasi', {'text': '  \n '})
    assert empty.status_code == 200 and 'SAH:' not in empty.get_data(as_text=True)
    assert 'Isian ini wajib diisi.' in empty.get_data(as_text=True)  # the form's own check: nothing to verify
    reasons = [e.details for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == 'wbs.verify')
                                                     .order_by(AuditEvent.id))]
    assert reasons[0] == {'valid': True}
    assert {d['reason'] for d in reasons[1:]} >= {'bukan_bukti', 'isi_diubah', 'diubah', 'tanpa_tanda_tangan',
                                                  'tanda_tangan_rusak', 'terpotong', 'kunci_lain', 'tidak_cocok'}


def test_a_payload_nested_thousands_deep_is_a_changed_proof_not_a_500(app, client, db):
    # json.loads raised RecursionError on '[' * 3000: a 500 on the team's page and a traceback from the command
    nested = '\n'.join((proof.BEGIN, base64.b64encode(b'[' * 3000).decode('ascii'),
                        base64.b64encode(bytes(64)).decode('ascii'), proof.END))
    with pytest.raises(proof.ProofError) as caught:
        proof.verify_text(services.signing_key().verify_key, nested)
    assert caught.value.reason == 'diubah'
    unlock(client, make_member())
    page = post_form(client, '/staf/wbs/verifikasi', {'text': nested})
    assert page.status_code == 200 and CHANGED in page.get_data(as_text=True)
