"""Staff pages: responses by unit subtree, layanan, period and flag; detail; review; export; counts; questionnaires."""
import io
import re
from datetime import date
from html import unescape

from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.models import AuditEvent
from survei.models import ItemAnswer, Questionnaire, Response, ServiceUserCount
from survei.questionnaires import stale_english
from survei.services import current
from survei.views_questionnaires import ROW_FIELDS
from tests.factories import login_as, make_layanan, make_unit, post_form
from tests.survei.factories import make_response, make_survey, submit


def _tree():
    kanwil = make_unit(kind='kanwil', name='Kanwil Uji')
    kota = make_unit(parent=kanwil, name='Kemenag Kota Uji')
    kua = make_unit(kind='kua', parent=kota, name='KUA Uji')
    lain = make_unit(parent=kanwil, name='Kemenag Lain')
    return kanwil, kota, kua, lain


def test_a_unit_admin_sees_its_subtree_only(client, db):
    _kanwil, kota, kua, lain = _tree()
    mine = make_response(kota, saran='dari kota')
    below = make_response(kua, saran='dari kua')
    theirs = make_response(lain, saran='dari lain')
    login_as(client, 'admin_unit', kota)
    html = client.get('/staf/survei/').get_data(as_text=True)
    assert f'/staf/survei/respons/{mine.id}"' in html and f'/staf/survei/respons/{below.id}"' in html
    assert f'/staf/survei/respons/{theirs.id}"' not in html
    assert client.get(f'/staf/survei/respons/{theirs.id}').status_code == 404
    assert 'dari kua' in client.get(f'/staf/survei/respons/{below.id}').get_data(as_text=True)


def test_filters_by_unit_subtree_layanan_period_and_flag(client, db):
    kanwil, kota, kua, lain = _tree()
    layanan = make_layanan(kota)
    a = make_response(kota, layanan, service_date=date(2026, 3, 1))
    b = make_response(kua, service_date=date(2026, 6, 1), flags='cepat', counted=False)
    c = make_response(lain, service_date=date(2026, 6, 2))
    login_as(client, 'superadmin')

    def ids(query):
        html = client.get('/staf/survei/?' + query).get_data(as_text=True)
        return {r.id for r in (a, b, c) if f'/staf/survei/respons/{r.id}"' in html}
    assert ids('') == {a.id, b.id, c.id}
    assert ids(f'unit={kota.id}') == {a.id, b.id}
    assert ids(f'layanan={layanan.id}') == {a.id}
    assert ids('dari=2026-05-01&sampai=2026-06-01') == {b.id}
    assert ids('status=ditandai') == {b.id} and ids('status=bersih') == {a.id, c.id}
    assert ids('dari=bukan-tanggal&unit=x') == {a.id, b.id, c.id}  # malformed filters are ignored


def test_reviewing_a_flagged_response_includes_it_and_is_audited(client, db):
    unit, layanan = make_survey()
    submit(client, unit, layanan, seconds_ago=2)
    response = db.session.scalar(select(Response))
    assert not response.counted
    admin = login_as(client, 'admin_unit', unit)
    assert f'/staf/survei/respons/{response.id}"' in client.get('/staf/survei/ditandai').get_data(as_text=True)
    page = client.get(f'/staf/survei/respons/{response.id}').get_data(as_text=True)
    assert 'kurang dari 10 detik' in page and 'Sertakan dalam indeks' in page
    url = f'/staf/survei/respons/{response.id}/tinjau'
    post_form(client, url, {'keputusan': 'sertakan', 'catatan': 'petugas mendampingi'},
              form_url=f'/staf/survei/respons/{response.id}')
    db.session.expire_all()
    response = db.session.get(Response, response.id)
    assert response.counted and response.reviewed_by_id == admin.id and response.flags == 'cepat'
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'survei.response.included'))
    assert event.actor_id == admin.id and event.details['note'] == 'petugas mendampingi'
    post_form(client, url, {'keputusan': 'keluarkan'}, form_url=f'/staf/survei/respons/{response.id}')
    db.session.expire_all()
    assert not db.session.get(Response, response.id).counted
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'survei.response.excluded'))


def test_pimpinan_reads_but_cannot_review(client, db):
    unit = make_unit()
    r = make_response(unit, flags='cepat', counted=False)
    login_as(client, 'pimpinan', unit)
    assert 'Sertakan dalam indeks' not in client.get(f'/staf/survei/respons/{r.id}').get_data(as_text=True)
    assert post_form(client, f'/staf/survei/respons/{r.id}/tinjau', {'keputusan': 'sertakan'},
                     form_url='/staf/survei/').status_code == 403


def test_other_roles_are_refused(client, db):
    login_as(client, 'petugas_pengaduan')
    for url in ('/staf/survei/', '/staf/survei/ekspor.csv', '/staf/survei/layanan', '/staf/survei/kuesioner'):
        assert client.get(url).status_code == 403


def test_export_csv_and_xlsx_one_row_per_response(client, db):
    unit, layanan = make_survey()
    submit(client, unit, layanan, saran='=HYPERLINK("x")', u2=1)
    make_response(unit, layanan, gender='L', age=50, flags='beruntun', counted=False)
    login_as(client, 'admin_unit', unit)
    csv_response = client.get('/staf/survei/ekspor.csv')
    assert csv_response.headers['Content-Type'] == 'text/csv; charset=utf-8'  # one charset, not two
    csv_text = csv_response.get_data().decode('utf-8-sig')
    lines = csv_text.strip().splitlines()
    header = lines[0].split(',')
    assert len(lines) == 3
    assert header[:12] == ['id', 'tanggal_layanan', 'dikirim_utc', 'sumber', 'unit', 'unit_nama', 'layanan',
                           'layanan_nama', 'jenis_kelamin', 'umur', 'pendidikan', 'pekerjaan']
    assert header[12:21] == [f'u{i}' for i in range(1, 10)]
    assert header[21:26] == [f'ipak{i}' for i in range(1, 6)] and header[-3:] == ['saran', 'tanda', 'dihitung']
    assert '\'=HYPERLINK' in csv_text  # a formula typed by a citizen stays text in a spreadsheet
    book = load_workbook(io.BytesIO(client.get('/staf/survei/ekspor.xlsx').get_data()))
    rows = list(book.active.values)
    assert list(rows[0]) == header and len(rows) == 3
    flagged = [r for r in rows[1:] if r[-1] == 'tidak'][0]
    assert 'lonjakan' in flagged[-2] and flagged[8] == 'L' and flagged[9] == 50
    online = [r for r in rows[1:] if r[-1] == 'ya'][0]
    assert online[13] == 1 and online[21:26] == (4, 4, 4, 4, 4)


def test_service_user_counts_are_entered_per_layanan_and_period(client, db):
    unit, layanan = make_survey()
    login_as(client, 'admin_unit', unit)
    data = {'layanan_id': layanan.id, 'period_start': '2026-01-01', 'period_end': '2026-03-31', 'count': '300'}
    assert post_form(client, '/staf/survei/pengguna-layanan', data).status_code == 302
    post_form(client, '/staf/survei/pengguna-layanan', dict(data, count='320'))
    rows = db.session.scalars(select(ServiceUserCount)).all()
    assert [(r.count, r.period_start, r.period_end) for r in rows] == [(320, date(2026, 1, 1), date(2026, 3, 31))]
    bad = post_form(client, '/staf/survei/pengguna-layanan', dict(data, period_end='2025-12-31'))
    assert 'Akhir periode tidak boleh' in bad.get_data(as_text=True)
    other = make_layanan(make_unit())
    refused = post_form(client, '/staf/survei/pengguna-layanan', dict(data, layanan_id=other.id))
    assert refused.status_code == 400 and len(db.session.scalars(select(ServiceUserCount)).all()) == 1



def test_a_period_overlapping_another_of_the_same_layanan_is_refused(client, db):
    # Oct-Dec = 120 and Nov = 50 both stored would count November's users twice in any range holding both
    unit, layanan = make_survey()
    other = make_layanan(unit, slug='lain')
    login_as(client, 'admin_unit', unit)
    url = '/staf/survei/pengguna-layanan'
    quarter = {'layanan_id': layanan.id, 'period_start': '2025-10-01', 'period_end': '2025-12-31', 'count': '120'}
    assert post_form(client, url, quarter).status_code == 302
    for start, end in (('2025-11-01', '2025-11-30'), ('2025-09-01', '2025-10-01'), ('2025-12-31', '2026-01-31'),
                       ('2025-01-01', '2025-12-31')):
        refused = post_form(client, url, dict(quarter, period_start=start, period_end=end, count='50'))
        html = unescape(refused.get_data(as_text=True))
        assert refused.status_code == 400, (start, end)
        assert 'bertumpang tindih dengan periode 2025-10-01 s.d. 2025-12-31 (120 pengguna)' in html
    assert post_form(client, url, dict(quarter, count='125')).status_code == 302  # the same period: corrected
    assert post_form(client, url, dict(quarter, period_start='2026-01-01', period_end='2026-01-31')).status_code == 302
    assert post_form(client, url, dict(quarter, layanan_id=other.id)).status_code == 302  # another layanan
    rows = db.session.scalars(select(ServiceUserCount).order_by(ServiceUserCount.layanan_id,
                                                                ServiceUserCount.period_start)).all()
    assert [(r.layanan_id, r.period_start, r.count) for r in rows] == [
        (layanan.id, date(2025, 10, 1), 125), (layanan.id, date(2026, 1, 1), 120), (other.id, date(2025, 10, 1), 120)]


def test_layanan_settings_turn_perception_surveys_off(client, db):
    unit, layanan = make_survey()
    login_as(client, 'admin_unit', unit)
    html = client.get('/staf/survei/layanan').get_data(as_text=True)
    assert f'http://layanan.test/survei/{unit.slug}/{layanan.slug}' in html
    post_form(client, f'/staf/survei/layanan/{layanan.id}/pengaturan', {'run_ipkp': '1'},
              form_url='/staf/survei/layanan')
    assert 'name="ipak1"' not in client.get(f'/survei/{unit.slug}/{layanan.slug}').get_data(as_text=True)


def test_the_layanan_page_folds_each_unit_when_it_holds_several(client, db):
    """A Kanwil's admin sees every office's layanan: one folded group per unit under a list of the units, the group
    a setting was just saved in open; a single unit's page is open as before."""
    root = make_unit('Kanwil Lipat', kind='kanwil')
    zeta = make_unit('Zeta Kantor', parent=root)
    alpha = make_unit('Alpha Kantor', parent=root)
    first, second = make_layanan(zeta, 'Legalisir'), make_layanan(alpha, 'Haji')
    login_as(client, 'admin_unit', root)
    html = client.get('/staf/survei/layanan').get_data(as_text=True)
    units = re.findall(r'<li><a href="#u(\d+)">([^<]+)</a>', html)
    assert units == [(str(alpha.id), 'Alpha Kantor'), (str(zeta.id), 'Zeta Kantor')]  # by name
    groups = re.findall(r'<details class="unit-group" id="u(\d+)"( open)?>', html)
    assert groups == [(str(alpha.id), ''), (str(zeta.id), '')]
    post_form(client, f'/staf/survei/layanan/{first.id}/pengaturan', {'run_ipkp': '1'}, form_url='/staf/survei/layanan')
    html = client.get(f'/staf/survei/layanan?disimpan={first.id}').get_data(as_text=True)
    assert re.findall(r'<details class="unit-group" id="u(\d+)"( open)?>', html) == [
        (str(alpha.id), ''), (str(zeta.id), ' open')]
    client.post('/staf/keluar', data={})
    login_as(client, 'admin_unit', alpha)
    html = client.get('/staf/survei/layanan').get_data(as_text=True)
    assert 'href="#u' not in html and f'<details class="unit-group" id="u{alpha.id}" open>' in html
    assert second.name in html


def test_superadmin_edits_ipak_as_a_new_version_old_answers_keep_theirs(client, db):
    unit, layanan = make_survey()
    submit(client, unit, layanan)
    old = current('ipak')
    login_as(client, 'superadmin')
    data = {'name': ['Transparansi biaya', ''], 'question': ['Apakah biaya diumumkan di loket?', ''],
            'label1': ['Tidak pernah', ''], 'label2': ['Jarang', ''], 'label3': ['Sering', ''],
            'label4': ['Selalu', '']}
    assert post_form(client, '/staf/survei/kuesioner/ipak', data).status_code == 302
    new = current('ipak')
    assert new.version == 2 and [i.name for i in new.items] == ['Transparansi biaya']
    stored = db.session.scalar(select(Response))
    assert stored.ipak_questionnaire_id == old.id
    assert {a.item.questionnaire_id for a in db.session.scalars(select(ItemAnswer))} == {old.id}
    client2 = client.application.test_client()
    html = client2.get(f'/survei/{unit.slug}/{layanan.slug}').get_data(as_text=True)
    assert 'Apakah biaya diumumkan di loket?' in html and 'name="ipak6"' in html and 'name="ipak1"' not in html
    incomplete = post_form(client, '/staf/survei/kuesioner/ipak', dict(data, label4=['', '']))
    assert 'isi nama, pertanyaan dan keempat label' in incomplete.get_data(as_text=True)
    # a label of invisible characters only (a zero-width space, a word joiner) is no label: refused the same way
    unseen = post_form(client, '/staf/survei/kuesioner/ipak', dict(data, label4=['\u200b\u2060 ', '']))
    assert 'isi nama, pertanyaan dan keempat label' in unseen.get_data(as_text=True)
    assert current('ipak').version == 2
    assert client.get('/staf/survei/kuesioner/ikm').status_code == 404
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'survei.questionnaire.version'))


def test_a_question_is_at_most_500_characters_and_loses_its_control_characters(client, db):
    # an audit stored a 100,001-character question ending in U+0001: the citizen's form grew to 111 KB
    make_survey()
    login_as(client, 'superadmin')
    data = {'name': ['Transparansi biaya'], 'question': ['Q' * 501], 'label1': ['Tidak pernah'],
            'label2': ['Jarang'], 'label3': ['Sering'], 'label4': ['Selalu']}
    refused = post_form(client, '/staf/survei/kuesioner/ipak', data)
    assert refused.status_code != 302 and 'pertanyaan 500' in refused.get_data(as_text=True)
    assert current('ipak').version == 1
    english = post_form(client, '/staf/survei/kuesioner/ipak', dict(data, question=['Biaya diumumkan?'],
                                                                     question_en=['x' * 501]))
    assert english.status_code != 302 and current('ipak').version == 1
    assert post_form(client, '/staf/survei/kuesioner/ipak',
                     dict(data, question=['Biaya \x01diumumkan?\x07'])).status_code == 302
    assert [i.question for i in current('ipak').items] == ['Biaya diumumkan?']


def test_ipkp_can_get_its_own_items(client, db):
    unit, layanan = make_survey()
    login_as(client, 'superadmin')
    data = {'name': ['Keterbukaan'], 'question': ['Informasi layanan mudah diperoleh?'], 'label1': ['Tidak'],
            'label2': ['Kurang'], 'label3': ['Mudah'], 'label4': ['Sangat mudah']}
    post_form(client, '/staf/survei/kuesioner/ipkp', data)
    ipkp = db.session.scalar(select(Questionnaire).where(Questionnaire.kind == 'ipkp', Questionnaire.current))
    assert not ipkp.uses_ikm_answers and ipkp.items[0].code == 'ipkp1'
    html = client.application.test_client().get(f'/survei/{unit.slug}/{layanan.slug}').get_data(as_text=True)
    assert 'Persepsi kualitas pelayanan' in html and 'name="ipkp1"' in html


def test_every_staff_page_renders_and_is_on_the_staff_home(client, db):
    unit, layanan = make_survey()
    make_response(unit, layanan, flags='cepat', counted=False)
    login_as(client, 'superadmin')
    home = client.get('/staf/').get_data(as_text=True)
    for url in ('/staf/survei/', '/staf/survei/ditandai', '/staf/survei/layanan', '/staf/survei/pengguna-layanan',
                '/staf/survei/impor', '/staf/survei/kuesioner', '/staf/survei/kuesioner/ipkp',
                '/staf/survei/kuesioner/ipak'):
        assert client.get(url).status_code == 200, url
    for url in ('/staf/survei/', '/staf/survei/layanan', '/staf/survei/impor', '/staf/survei/kuesioner'):
        assert f'href="{url}"' in home, url


def test_the_responses_list_pages_with_first_and_last(client, db):
    from survei.views_staff import PER_PAGE
    _kanwil, kota, _kua, _lain = _tree()
    for n in range(2 * PER_PAGE + 1):
        make_response(kota, saran=f'saran nomor {n}')
    login_as(client, 'admin_unit', kota)
    first = client.get('/staf/survei/').get_data(as_text=True)
    assert 'Halaman 1 dari 3' in first and 'hal=3' in first and 'hal=2' in first and 'Sebelumnya' not in first
    last = client.get('/staf/survei/?hal=3').get_data(as_text=True)
    assert 'Halaman 3 dari 3' in last and 'hal=1' in last and 'Berikutnya' not in last
    assert last.count('/staf/survei/respons/') == 1


def _ipak_row(**english):
    """One IPAK row of the edit form, with English fields as given (blank otherwise)."""
    row = {'name': ['Transparansi biaya'], 'question': ['Apakah biaya diumumkan di loket?'],
           'label1': ['Tidak pernah'], 'label2': ['Kadang-kadang'], 'label3': ['Sering'], 'label4': ['Selalu'],
           'name_en': [''], 'question_en': [''], **{f'label{k}_en': [''] for k in range(1, 5)}}
    row.update({key: [value] for key, value in english.items()})
    return row


def test_an_edited_item_reads_in_the_admins_english_and_falls_back_where_left_blank(client, db):
    unit, layanan = make_survey()
    login_as(client, 'superadmin')
    data = _ipak_row(question_en='Are the fees posted at the counter?', label1_en='Never', label4_en='Always')
    assert post_form(client, '/staf/survei/kuesioner/ipak', data).status_code == 302
    item = current('ipak').items[0]
    assert item.english == {'name': '', 'question': 'Are the fees posted at the counter?',
                            'labels': ['Never', '', '', 'Always']}
    reader = client.application.test_client()
    reader.get('/bahasa/en')
    english = reader.get(f'/survei/{unit.slug}/{layanan.slug}').get_data(as_text=True)
    assert 'Are the fees posted at the counter?' in english and 'Apakah biaya diumumkan' not in english
    assert '<span>Never</span>' in english and '<span>Always</span>' in english
    assert '<span>Kadang-kadang</span>' in english and 'Transparansi biaya' in english  # left blank: as written
    assert '<span>Often</span>' in english  # left blank, but a seeded label: the catalogue's English
    indonesian = client.application.test_client().get(f'/survei/{unit.slug}/{layanan.slug}').get_data(as_text=True)
    assert 'Apakah biaya diumumkan di loket?' in indonesian and '<span>Selalu</span>' in indonesian
    assert 'Are the fees posted' not in indonesian and '<span>Always</span>' not in indonesian


def test_the_edit_form_starts_with_the_english_a_reader_sees(client, db):
    make_survey()
    login_as(client, 'superadmin')
    html = client.get('/staf/survei/kuesioner/ipak').get_data(as_text=True)
    # the seeded items: the catalogue's English, ready to be kept or corrected
    assert 'name="question_en" value="Did you come across bribery or corruption in this service?"' in html
    assert 'name="label4_en" value="Never"' in html
    post_form(client, '/staf/survei/kuesioner/ipak', _ipak_row(name_en='Fee transparency'))
    html = client.get('/staf/survei/kuesioner/ipak').get_data(as_text=True)
    assert 'name="name_en" value="Fee transparency"' in html and 'name="question_en" value=""' in html


def test_an_edit_with_a_mistake_comes_back_as_typed(client, db):
    make_survey()
    login_as(client, 'superadmin')
    data = _ipak_row(label3='', question_en='Are the fees posted at the counter?')
    response = post_form(client, '/staf/survei/kuesioner/ipak', data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'Butir 1: isi nama, pertanyaan dan keempat label jawaban.' in html
    assert 'value="Apakah biaya diumumkan di loket?"' in html and 'value="Are the fees posted at the counter?"' in html
    assert current('ipak').version == 1
    english_only = post_form(client, '/staf/survei/kuesioner/ipak', {
        'name': [''], 'question': [''], **{f'label{k}': [''] for k in range(1, 5)}, 'name_en': ['Fees'],
        'question_en': [''], **{f'label{k}_en': [''] for k in range(1, 5)}})
    assert english_only.status_code == 422 and current('ipak').version == 1  # English alone is not an item


def _rows_as_shown(html):
    """Every row of the questionnaire edit form as the page fills it in (field name -> list of values)."""
    return {key: [unescape(v) for v in re.findall(f'name="{key}" value="([^"]*)"', html)] for key in ROW_FIELDS}


def test_english_left_behind_by_an_indonesian_edit_is_pointed_out():
    seeded = ('Percaloan', 'Apakah ada calo?', ['Sangat sering', 'Sering', 'Jarang', 'Tidak pernah'],
              ('Brokering', 'Were there touts?', ('Very often', 'Often', 'Rarely', 'Never')))
    as_shown = ('Percaloan', 'Apakah ada calo?', ['Sangat sering', 'Sering', 'Jarang', 'Tidak pernah'],
                'Brokering', 'Were there touts?', ('Very often', 'Often', 'Rarely', 'Never'))
    reworded = ('Percaloan', 'Apakah Anda bertemu calo?', *as_shown[2:])
    assert stale_english([seeded], [as_shown]) == []
    assert stale_english([seeded], [reworded]) == [1]  # the question changed, its English did not
    assert stale_english([seeded], [(*reworded[:4], 'Did you meet touts?', as_shown[5])]) == []  # both changed
    relabelled = (*as_shown[:2], ['Sangat sering', 'Sering', 'Kadang', 'Tidak pernah'], *as_shown[3:])
    assert stale_english([seeded, seeded], [as_shown, relabelled]) == [2]
    no_english = (*seeded[:3], ('', '', ('', '', '', '')))
    assert stale_english([no_english], [(*reworded[:3], '', '', ('', '', '', ''))]) == []  # nothing to go stale
    assert stale_english([], [reworded]) == []  # a new row


def test_saving_an_indonesian_edit_with_the_old_english_warns_the_admin(client, db):
    make_survey()
    login_as(client, 'superadmin')
    rows = _rows_as_shown(client.get('/staf/survei/kuesioner/ipak').get_data(as_text=True))
    assert rows['question_en'][1] == 'Were you asked to pay charges beyond the official ones (illegal levies)?'
    rows['question'][1] = 'Apakah Anda diminta membayar biaya tambahan?'  # reworded; the English left as it was
    page = post_form(client, '/staf/survei/kuesioner/ipak', rows, follow_redirects=True).get_data(as_text=True)
    assert 'versi 2 disimpan' in page
    assert 'Butir 2: teks Indonesianya diubah, tetapi teks bahasa Inggrisnya masih terjemahan teks lama.' in page
    assert [item.question for item in current('ipak').items][1] == 'Apakah Anda diminta membayar biaya tambahan?'
    rows = _rows_as_shown(client.get('/staf/survei/kuesioner/ipak').get_data(as_text=True))
    rows['question_en'][1] = 'Were you asked to pay extra charges?'
    page = post_form(client, '/staf/survei/kuesioner/ipak', rows, follow_redirects=True).get_data(as_text=True)
    assert 'versi 3 disimpan' in page and 'terjemahan teks lama' not in page


def test_saving_a_questionnaire_unchanged_creates_no_new_version(client, db):
    make_survey()
    login_as(client, 'superadmin')
    for kind in ('ipak', 'ipkp'):
        html = client.get(f'/staf/survei/kuesioner/{kind}').get_data(as_text=True)
        rows = _rows_as_shown(html)
        if 'name="uses_ikm_answers" value="1" checked' in html:
            rows['uses_ikm_answers'] = '1'
        page = post_form(client, f'/staf/survei/kuesioner/{kind}', rows, follow_redirects=True)
        assert 'Tidak ada perubahan; versi 1 tetap dipakai.' in unescape(page.get_data(as_text=True)), kind
        assert current(kind).version == 1
        assert db.session.scalar(select(func.count(Questionnaire.id)).where(Questionnaire.kind == kind)) == 1
    rows = _rows_as_shown(client.get('/staf/survei/kuesioner/ipak').get_data(as_text=True))
    rows['label4'][0] = rows['label4'][0] + ' sekali'
    assert 'versi 2 disimpan' in post_form(client, '/staf/survei/kuesioner/ipak', rows,
                                           follow_redirects=True).get_data(as_text=True)
    rows = _rows_as_shown(client.get('/staf/survei/kuesioner/ipak').get_data(as_text=True))
    rows['name'] = [f'  {name} ' if name else name for name in rows['name']]  # spaces are trimmed: still unchanged
    page = post_form(client, '/staf/survei/kuesioner/ipak', rows, follow_redirects=True).get_data(as_text=True)
    assert 'Tidak ada perubahan; versi 2 tetap dipakai.' in unescape(page) and current('ipak').version == 2
    rows['name_en'][0] = 'Something else'  # an English text alone is a change
    post_form(client, '/staf/survei/kuesioner/ipak', rows)
    assert current('ipak').version == 3


def test_sources_show_as_labels_in_the_readers_language(client, db):
    unit, layanan = make_survey()
    online = make_response(unit, layanan)
    officer = make_response(unit, layanan, source='petugas', flags='cepat', counted=False)
    paper = make_response(unit, layanan, source='import')
    login_as(client, 'superadmin')
    html = client.get('/staf/survei/').get_data(as_text=True)
    cells = re.findall(r'<td[^>]*>([^<]*)</td>', html)
    assert {'Daring', 'Petugas', 'Impor kertas'} <= set(cells) and not {'online', 'petugas', 'import'} & set(cells)
    assert 'Daring' in client.get(f'/staf/survei/respons/{online.id}').get_data(as_text=True)
    assert 'Impor kertas' in client.get(f'/staf/survei/respons/{paper.id}').get_data(as_text=True)
    detail = client.get(f'/staf/survei/respons/{officer.id}?lang=en').get_data(as_text=True)
    assert '· Officer</dd>' in detail  # translated through the catalogue, like every other label
    assert 'Dikirim kurang dari 10 detik setelah formulir dibuka' in \
        client.get(f'/staf/survei/respons/{officer.id}').get_data(as_text=True)
    assert '<h1>Tinjau respons ditandai</h1>' in client.get('/staf/survei/ditandai').get_data(as_text=True)
    assert '<h1>Survey responses</h1>' in client.get('/staf/survei/?lang=en').get_data(as_text=True)


def test_the_flag_and_source_labels_and_the_review_heading_are_marked_for_translation():
    from pathlib import Path

    from babel.messages.extract import extract_from_file

    from portal.markers import Text
    from survei.rules import FLAG_LABELS, SOURCE_LABELS
    root = Path(__file__).resolve().parents[2]
    marked = {m[1] if isinstance(m[1], str) else m[1][0] for name in ('survei/rules.py', 'survei/views_staff.py')
              for m in extract_from_file('python', root / name, keywords={'N_': None, '_': None})}
    for label in (*FLAG_LABELS.values(), *SOURCE_LABELS.values()):
        assert isinstance(label, Text) and label in marked, label
    assert 'Tinjau respons ditandai' in marked and 'Respons survei' in marked


def test_saved_layanan_settings_are_confirmed_inside_that_layanans_card(client, db):
    # the redirect opens the page at the layanan's card: a flash at the top would be off-screen on a phone
    unit, layanan = make_survey()
    other = make_layanan(unit, slug='lain', name='Layanan Lain')
    login_as(client, 'admin_unit', unit)
    saved = post_form(client, f'/staf/survei/layanan/{layanan.id}/pengaturan', {'run_ipkp': '1'},
                      form_url='/staf/survei/layanan')
    assert saved.status_code == 302 and saved.headers['Location'].endswith(f'#l{layanan.id}')
    html = unescape(client.get(saved.headers['Location']).get_data(as_text=True))
    message = f'Pengaturan survei {layanan.name} disimpan.'
    assert html.count(message) == 1
    cards = dict(re.findall(r'<section class="card" id="l(\d+)">(.*?)</section>', html, re.S))
    assert message in cards[str(layanan.id)] and 'disimpan.' not in cards[str(other.id)]
    assert 'disimpan.' not in unescape(client.get('/staf/survei/layanan').get_data(as_text=True))  # once only


def test_service_user_counts_page_through_all_rows_and_a_wrong_one_can_be_deleted(client, db):
    """Every entered period is reachable (the page used to show the first 200 of them and no more), and one entered
    by mistake (say, overlapping the period to enter) can be deleted, with a confirmation, audited."""
    from datetime import date, timedelta

    from survei.models import ServiceUserCount
    from tests.factories import make_layanan, make_unit
    unit = make_unit('Kantor Hitung', 'kantor-hitung')
    layanan = make_layanan(unit, 'Legalisir', 'legalisir')
    start = date(2020, 1, 1)
    db.session.add_all(ServiceUserCount(layanan_id=layanan.id, period_start=start + timedelta(days=i),
                                        period_end=start + timedelta(days=i), count=i) for i in range(120))
    db.session.commit()
    login_as(client, 'admin_unit', unit)
    first = client.get('/staf/survei/pengguna-layanan').get_data(as_text=True)
    assert '120 isian' in first and 'Halaman 1 dari 3' in first
    last = client.get('/staf/survei/pengguna-layanan?hal=3').get_data(as_text=True)
    assert '2020-01-01' in last and 'Halaman 3 dari 3' in last  # the oldest entry, on the last page
    row_id = db.session.scalar(select(ServiceUserCount.id).where(ServiceUserCount.period_start == start))
    url = f'/staf/survei/pengguna-layanan/{row_id}/hapus'
    unconfirmed = post_form(client, url, {}, form_url='/staf/survei/pengguna-layanan')
    assert 'Centang konfirmasi' in client.get(unconfirmed.headers['Location']).get_data(as_text=True)
    assert db.session.get(ServiceUserCount, row_id) is not None
    post_form(client, url, {'yakin': '1'}, form_url='/staf/survei/pengguna-layanan')
    db.session.expire_all()
    assert db.session.get(ServiceUserCount, row_id) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'survei.service_users.deleted'))
    assert event.details == {'layanan_id': layanan.id, 'start': '2020-01-01', 'end': '2020-01-01', 'old': 0}
    other = client.application.test_client()
    login_as(other, 'admin_unit', make_unit('Kantor Lain', 'kantor-lain'))
    kept = db.session.scalar(select(ServiceUserCount.id).limit(1))
    assert post_form(other, f'/staf/survei/pengguna-layanan/{kept}/hapus', {'yakin': '1'},
                     form_url='/staf/survei/pengguna-layanan').status_code == 404  # another unit's: not found
