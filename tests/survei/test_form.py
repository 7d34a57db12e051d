"""A citizen scans the QR, answers on a phone and submits: validation, idempotency, one per day, flags, privacy."""
import re
from datetime import timedelta

from sqlalchemy import func, inspect, select

from portal.extensions import db
from survei.models import ItemAnswer, Response
from survei.rules import BURST_MAX
from survei.services import set_layanan_surveys
from tests.factories import make_layanan, make_unit
from tests.survei.factories import answers, form_url, make_response, make_survey, open_form, submit


def _count():
    return db.session.scalar(select(func.count(Response.id)))


def test_form_labels_every_option_and_defaults_the_date_to_today(client, db):
    unit, layanan = make_survey(name='Legalisir Ijazah')
    response = client.get(form_url(unit, layanan))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'Legalisir Ijazah' in html
    assert html.count('<fieldset') == 9 + 5 + 1  # the 9 unsur, 5 IPAK items, jenis kelamin
    assert html.count('<legend>') == 15
    radios = re.findall(r'<label class="opt"><input type="radio" name="(\w+)" value="(\w)"><span>([^<]+)</span>', html)
    assert len(radios) == 14 * 4 + 2
    assert ('u4', '4', 'Gratis') in radios and ('u9', '2', 'Ada tetapi tidak berfungsi') in radios
    from survei.util import local_today  # the office's today (WIB), not the machine's UTC date
    today = local_today().isoformat()
    assert f'name="service_date" max="{today}" value="{today}"' in html
    for control in ('age', 'education', 'occupation', 'service_date', 'saran'):
        assert f'<label for="{control}">' in html and f'id="{control}"' in html
    assert 'name="website"' in html and 'class="hp"' in html  # the honeypot, hidden from people
    # no inline script or style (the CSP refuses them); the one script is the app's own, deferred: busy.js
    assert re.findall(r'<script[^>]*>', html) == ['<script src="/static/js/busy.js" defer>']
    assert '<script src="/static/js/busy.js" defer></script>' in html and 'style=' not in html


def test_a_valid_submission_is_stored_and_thanked(client, db):
    unit, layanan = make_survey()
    response = submit(client, unit, layanan, saran='Ruang tunggu nyaman.')
    assert response.status_code == 303 and response.headers['Location'].endswith('/terima-kasih')
    stored = db.session.scalar(select(Response))
    assert (stored.u1, stored.u9, stored.gender, stored.age, stored.education, stored.occupation) == \
           (4, 4, 'P', 34, 'SMA', 'Wiraswasta')
    assert stored.source == 'online' and stored.counted and stored.flags is None
    assert stored.saran == 'Ruang tunggu nyaman.' and stored.unit_id == unit.id and stored.layanan_id == layanan.id
    assert stored.ikm_questionnaire_id and stored.ipkp_questionnaire_id and stored.ipak_questionnaire_id
    assert sorted(a.score for a in stored.item_answers) == [4] * 5
    thanks = client.get(response.headers['Location']).get_data(as_text=True)
    assert 'Terima kasih' in thanks and '/pengaduan/baru' not in thanks


def test_a_low_score_offers_a_complaint_with_unit_and_layanan(client, db):
    unit, layanan = make_survey()
    response = submit(client, unit, layanan, u3=2)
    thanks = client.get(response.headers['Location']).get_data(as_text=True)
    assert f'href="/pengaduan/baru?unit={unit.slug}&amp;layanan={layanan.slug}"' in thanks


def test_missing_answers_are_reported_and_given_answers_kept(client, db):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    data = {**hidden, **answers()}
    del data['u5']
    data['u2'] = '1'
    data['age'] = ''
    response = client.post(form_url(unit, layanan), data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and _count() == 0
    assert 'Ada 2 isian yang perlu dilengkapi' in html and 'Pilih salah satu jawaban.' in html
    assert 'href="#q-u5">Pertanyaan 5 (Produk spesifikasi jenis pelayanan) belum dijawab.' in html
    assert 'Isi umur Anda (dalam tahun).' in html
    assert 'name="u2" value="1" checked' in html and 'name="u1" value="4" checked' in html
    assert f'name="token" value="{hidden["token"]}"' in html  # the retry keeps the same idempotency token


def test_a_post_without_csrf_token_is_refused(client, db):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    del hidden['csrf_token']
    assert client.post(form_url(unit, layanan), data={**hidden, **answers()}).status_code == 400
    assert _count() == 0


def test_a_double_tap_stores_one_response(client, db):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    first = submit(client, unit, layanan, hidden=hidden)
    client.delete_cookie('survei_selesai', path='/survei/')  # even a retry that lost the cookie
    second = submit(client, unit, layanan, hidden=hidden)
    assert first.status_code == second.status_code == 303
    assert _count() == 1


def test_one_response_per_browser_per_layanan_per_day(client, db):
    unit, layanan = make_survey()
    other = make_layanan(unit)
    second_tab = open_form(client, unit, layanan)
    assert submit(client, unit, layanan).status_code == 303
    again = client.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'sudah mengisi survei ini hari ini' in again
    assert submit(client, unit, layanan, hidden=second_tab).status_code == 409
    assert submit(client, unit, other).status_code == 303  # another layanan is another survey
    assert _count() == 2


def test_a_forged_done_cookie_is_ignored(client, db):
    unit, layanan = make_survey()
    client.set_cookie('survei_selesai', 'palsu', path='/survei/')
    assert submit(client, unit, layanan).status_code == 303 and _count() == 1


def test_a_response_sent_within_ten_seconds_is_stored_flagged_and_not_counted(client, db):
    unit, layanan = make_survey()
    assert submit(client, unit, layanan, seconds_ago=3).status_code == 303
    stored = db.session.scalar(select(Response))
    assert stored.flags == 'cepat' and stored.counted is False


def test_a_forged_opening_time_is_flagged(client, db):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    hidden['opened'] = '1700000000.0'
    submit(client, unit, layanan, hidden=hidden)
    assert db.session.scalar(select(Response.flags)) == 'tanpa-waktu'


def test_the_honeypot_flags_but_keeps_the_response(client, db):
    unit, layanan = make_survey()
    submit(client, unit, layanan, website='http://spam.example')
    stored = db.session.scalar(select(Response))
    assert stored.flags == 'honeypot' and not stored.counted


def test_a_burst_on_one_layanan_is_flagged(client, db):
    unit, layanan = make_survey()
    for _ in range(BURST_MAX):
        make_response(unit, layanan, source='online')
    submit(client, unit, layanan)
    newest = db.session.scalar(select(Response).order_by(Response.id.desc()))
    assert newest.flags == 'beruntun' and not newest.counted


def test_identical_answers_are_not_flagged(client, db):
    unit, layanan = make_survey()
    submit(client, unit, layanan, score=4)
    assert db.session.scalar(select(Response.flags)) is None


def test_no_ip_address_or_user_agent_is_stored(client, db):
    unit, layanan = make_survey()
    client.post  # noqa: B018 - the client sends REMOTE_ADDR 127.0.0.1 and a werkzeug user agent
    submit(client, unit, layanan, saran='ok')
    columns = {c['name'] for c in inspect(db.engine).get_columns('survei_response')}
    assert not {c for c in columns if 'ip' in c.split('_') or 'agent' in c or 'addr' in c}
    row = db.session.execute(select(Response.__table__)).one()
    assert not any('127.0.0.1' in str(v) or 'werkzeug' in str(v).lower() for v in row)


def test_layanan_without_perception_surveys_asks_only_the_ikm(client, db):
    unit, layanan = make_survey()
    set_layanan_surveys(layanan, False, False)
    db.session.commit()
    html = client.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'name="ipak1"' not in html
    assert submit(client, unit, layanan, ipak=False).status_code == 303
    stored = db.session.scalar(select(Response))
    assert stored.ipak_questionnaire_id is None and stored.ipkp_questionnaire_id is None
    assert db.session.scalar(select(func.count()).select_from(ItemAnswer)) == 0


def test_unknown_or_inactive_layanan_is_404(client, db):
    unit, layanan = make_survey(active=False)
    assert client.get(form_url(unit, layanan)).status_code == 404
    assert client.get(f'/survei/{unit.slug}/tidak-ada').status_code == 404


def test_the_ip_rate_limit_slows_bursts(app, client, db):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    codes = [client.post(form_url(unit, layanan), data={**hidden, 'u1': ''}).status_code for _ in range(31)]
    assert codes[:30] == [422] * 30 and codes[30] == 429


def test_reading_the_form_is_never_rate_limited(app, client, db):
    unit, layanan = make_survey()
    assert [client.get(form_url(unit, layanan)).status_code for _ in range(40)] == [200] * 40
    hidden = open_form(client, unit, layanan)
    codes = [client.post(form_url(unit, layanan), data={**hidden, 'u1': ''}).status_code for _ in range(31)]
    assert codes[-1] == 429 and client.get(form_url(unit, layanan)).status_code == 200


def test_the_page_weighs_under_100_kb_with_its_assets(client, db):
    unit, layanan = make_survey()
    html = client.get(form_url(unit, layanan)).get_data()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    total = len(html)
    for asset in assets:
        with client.get(asset.decode()) as response:
            total += len(response.get_data())
    print(f'survey page weight: {len(html)} B HTML + assets = {total} B')
    assert total < 100_000


def test_the_layanan_page_offers_the_survey(client, db):
    unit = make_unit()
    layanan = make_layanan(unit)
    html = client.get(f'/unit/{unit.slug}').get_data(as_text=True)
    assert f'href="/survei/{unit.slug}/{layanan.slug}"' in html and 'Isi survei' in html
    assert 'href="/survei/"' in client.get('/').get_data(as_text=True)
    assert layanan.name in client.get('/survei/').get_data(as_text=True)


def test_the_burst_count_stops_at_its_cap_and_ignores_older_responses(app, db):
    from datetime import timedelta

    from portal.models import utcnow
    from survei.rules import BURST_WINDOW_SECONDS
    from survei.services import recent_online_count
    unit, layanan = make_survey()
    for _ in range(BURST_MAX + 3):
        make_response(unit, layanan, source='online')
    make_response(unit, layanan, source='online', submitted_at=utcnow() - timedelta(seconds=BURST_WINDOW_SECONDS + 5))
    make_response(unit, layanan, source='import')
    assert recent_online_count(layanan.id) == BURST_MAX + 3
    assert recent_online_count(layanan.id, cap=BURST_MAX) == BURST_MAX  # however busy the layanan


def test_a_fresh_form_never_shows_another_citizens_answers_or_language(client, db, app):
    unit, layanan = make_survey()
    hidden = open_form(client, unit, layanan)
    data = {**hidden, **answers(), 'u2': '1'}
    del data['u5']
    assert 'name="u2" value="1" checked' in client.post(form_url(unit, layanan), data=data).get_data(as_text=True)
    other = app.test_client()
    fresh = other.get(form_url(unit, layanan)).get_data(as_text=True)
    assert ' checked' not in fresh and 'has-error' not in fresh and 'Persepsi anti korupsi' in fresh
    other.get('/bahasa/en')
    english = other.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'Perceived integrity (anti-corruption)' in english and 'Persepsi anti korupsi' not in english


def test_errors_are_shown_in_english_to_an_english_reader(client, db):
    from survei.rules import AGE_MAX, AGE_MIN
    unit, layanan = make_survey()
    client.get('/bahasa/en')
    data = {**open_form(client, unit, layanan), **answers(), 'age': '5', 'service_date': 'kemarin'}
    del data['u5'], data['gender']
    html = client.post(form_url(unit, layanan), data=data).get_data(as_text=True)
    assert 'Choose one answer.' in html and 'Choose your sex.' in html
    assert f'Age must be a number from {AGE_MIN} to {AGE_MAX}.' in html
    assert 'Enter the date of service (year-month-day).' in html
    assert 'Pilih salah satu jawaban.' not in html and 'Umur harus' not in html
    # the choices read in English and still send the stored (Indonesian) values
    assert '<option value="Wiraswasta" selected>Self-employed</option>' in html and '<span>Female</span>' in html


def test_the_indonesian_errors_carry_their_numbers(client, db):
    from survei.rules import SERVICE_DATE_MAX_AGE_DAYS
    from survei.util import local_today
    unit, layanan = make_survey()
    old = (local_today() - timedelta(days=SERVICE_DATE_MAX_AGE_DAYS + 1)).isoformat()
    data = {**open_form(client, unit, layanan), **answers(), 'service_date': old}
    html = client.post(form_url(unit, layanan), data=data).get_data(as_text=True)
    assert f'Tanggal layanan paling lama {SERVICE_DATE_MAX_AGE_DAYS} hari yang lalu.' in html


def test_the_seeded_questions_read_in_english_and_an_edited_one_as_written(client, db):
    from survei import services
    from tests.factories import make_user
    unit, layanan = make_survey()
    client.get('/bahasa/en')
    english = client.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'How fast was the service delivered?' in english and '<span>Free of charge</span>' in english
    assert 'Did you come across bribery or corruption in this service?' in english and '<span>Never</span>' in english
    assert 'Bagaimana pendapat Anda' not in english
    item = {'name': 'Transparansi biaya', 'question': 'Apakah biaya diumumkan 100% di loket?', 'label1': 'Tidak pernah',
            'label2': 'Jarang', 'label3': 'Sering', 'label4': 'Selalu'}
    services.new_version('ipak', [item], False, make_user('superadmin'))
    db.session.commit()
    edited = client.get(form_url(unit, layanan)).get_data(as_text=True)
    assert 'Apakah biaya diumumkan 100% di loket?' in edited and '<span>Selalu</span>' in edited  # as written
    assert '<span>Never</span>' in edited  # a label that is also a seeded one still reads in English
    indonesian = client.get(form_url(unit, layanan) + '?lang=id').get_data(as_text=True)
    assert 'Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?' in indonesian


def test_answers_are_never_stored_against_questions_the_citizen_did_not_see(app, db):
    # An admin saves new IPAK questions while a citizen has the form open: the form now asks other questions. The
    # old form's answers are refused (409) and the current questions shown, the IKM answers kept.
    from survei import services
    from tests.factories import make_user
    from tests.survei.factories import VERSI_RE
    unit, layanan = make_survey()
    client = app.test_client()
    hidden = open_form(client, unit, layanan)
    item = {'name': 'Diskriminasi', 'question': 'Apakah petugas membeda-bedakan pelayanan?', 'label1': 'Selalu',
            'label2': 'Sering', 'label3': 'Jarang', 'label4': 'Tidak pernah'}
    new = services.new_version('ipak', [item], False, make_user('superadmin'))
    db.session.commit()
    refused = client.post(form_url(unit, layanan), data={**hidden, **answers(ipak=False, u3='2'), 'ipak1': '1'})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409 and 'Pertanyaan survei baru saja diperbarui' in html
    assert 'Apakah petugas membeda-bedakan pelayanan?' in html
    assert re.search(r'name="u3" value="2"\s+checked', html)  # the IKM answers are kept
    assert not re.search(r'name="ipak1" value="1"\s+checked', html)  # the old question's answer is not
    assert db.session.scalar(select(func.count(Response.id))) == 0
    versi = VERSI_RE.search(html).group(1)
    assert versi != hidden['versi']
    code = new.items[0].code  # a new question: a code no earlier item had (survei.questionnaires.assign_codes)
    assert code == 'ipak6' and f'name="{code}"' in html
    stored = client.post(form_url(unit, layanan), data={**hidden, 'versi': versi, **answers(ipak=False), code: '3'})
    assert stored.status_code == 303
    response = db.session.scalar(select(Response))
    assert response.ipak_questionnaire_id == new.id
    assert [(a.item.name, a.score) for a in db.session.scalars(select(ItemAnswer))] == [('Diskriminasi', 3)]
