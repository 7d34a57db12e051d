"""Printed addresses never break: a unit's or layanan's old slug keeps leading to it, and nobody else may take it."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db as _db
from portal.loaders import LoadError, load_layanan, load_units
from portal.models import Layanan, LayananAlias, Unit, UnitAlias
from survei.models import Response
from tests.factories import login_as, make_unit, post_form
from tests.survei.factories import answers, make_survey, open_form


def _layanan_form(item, **changes):
    data = {'unit_id': item.unit_id, 'name': item.name, 'slug': item.slug, 'active': 'y'}
    data.update(changes)
    return data


def _unit_form(unit, **changes):
    data = {'name': unit.name, 'slug': unit.slug, 'kind': unit.kind, 'parent_id': unit.parent_id or 0,
            'active': 'y'}
    data.update(changes)
    return data


def _flashes(response):
    return response.get_data(as_text=True)


def test_a_renamed_layanan_keeps_its_printed_survey_address(client, db):
    unit, layanan = make_survey(slug='legalisir')
    old_hidden = open_form(client, unit, layanan)  # a citizen opened the form before the rename
    staff = client.application.test_client()
    login_as(staff, 'superadmin')
    response = post_form(staff, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='legalisir-ijazah'))
    assert response.status_code == 302
    assert db.session.get(LayananAlias, (unit.slug, 'legalisir')).layanan_id == layanan.id

    # the QR printed with the old address: on to the new one, query string and all
    old = client.get(f'/survei/{unit.slug}/legalisir?sumber=poster')
    assert old.status_code == 302
    assert old.headers['Location'] == f'/survei/{unit.slug}/legalisir-ijazah?sumber=poster'
    assert client.get(f'/survei/{unit.slug}/legalisir/terima-kasih').headers['Location'] == \
        f'/survei/{unit.slug}/legalisir-ijazah/terima-kasih'
    assert client.get(old.headers['Location']).status_code == 200

    # the form opened before the rename is still taken, for the same layanan, and thanks at the new address
    sent = client.post(f'/survei/{unit.slug}/legalisir', data={**old_hidden, **answers()})
    assert sent.status_code == 303 and sent.headers['Location'].endswith('/legalisir-ijazah/terima-kasih')
    assert db.session.scalar(select(Response.layanan_id)) == layanan.id

    # the edit page lists the old address
    assert f'/survei/{unit.slug}/legalisir</code>' in staff.get(f'/staf/layanan/{layanan.id}').get_data(as_text=True)


def test_an_old_survey_address_is_nobody_elses(client, db):
    unit, layanan = make_survey(slug='legalisir')
    login_as(client, 'superadmin')
    post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='legalisir-ijazah'))
    data = {'unit_id': unit.id, 'name': 'Layanan Lain', 'slug': 'legalisir', 'active': 'y'}
    html = _flashes(post_form(client, '/staf/layanan/baru', data, follow_redirects=True))
    assert 'pernah dipakai layanan lain' in html
    assert _db.session.scalar(select(func.count(Layanan.id)).where(Layanan.slug == 'legalisir')) == 0
    # the layanan itself may take its old slug back: the address is current again, no longer an alias
    assert post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='legalisir')) \
        .status_code == 302
    assert _db.session.get(LayananAlias, (unit.slug, 'legalisir')) is None
    assert _db.session.get(LayananAlias, (unit.slug, 'legalisir-ijazah')).layanan_id == layanan.id
    assert client.get(f'/survei/{unit.slug}/legalisir').status_code == 200


def test_a_layanan_moved_to_another_unit_keeps_its_address(client, db):
    unit, layanan = make_survey(slug='rekomendasi-haji')
    other = make_unit(slug='kemenag-baru')
    login_as(client, 'superadmin')
    assert post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, unit_id=other.id)) \
        .status_code == 302
    response = client.get(f'/survei/{unit.slug}/rekomendasi-haji')
    assert response.status_code == 302 and response.headers['Location'] == '/survei/kemenag-baru/rekomendasi-haji'
    # the old unit may not open a new layanan at the address its posters printed
    data = {'unit_id': unit.id, 'name': 'Baru', 'slug': 'rekomendasi-haji', 'active': 'y'}
    assert 'pernah dipakai layanan lain' in _flashes(post_form(client, '/staf/layanan/baru', data,
                                                               follow_redirects=True))


def test_a_renamed_unit_keeps_its_page_and_every_survey_address(client, db):
    unit, layanan = make_survey(slug='nikah')
    unit_slug = unit.slug
    login_as(client, 'superadmin')
    assert post_form(client, f'/staf/unit/{unit.id}', _unit_form(unit, slug='kemenag-kaur')).status_code == 302
    assert db.session.get(UnitAlias, unit_slug).unit_id == unit.id

    anonymous = client.application.test_client()
    page = anonymous.get(f'/unit/{unit_slug}')
    assert page.status_code == 302 and page.headers['Location'] == '/unit/kemenag-kaur'
    survey = anonymous.get(f'/survei/{unit_slug}/nikah')
    assert survey.status_code == 302 and survey.headers['Location'] == '/survei/kemenag-kaur/nikah'
    assert f'/unit/{unit_slug}</code>' in client.get(f'/staf/unit/{unit.id}').get_data(as_text=True)

    # another unit may not take the old slug; a made-up slug is still a 404
    data = {'name': 'Unit Lain', 'slug': unit_slug, 'kind': 'kua', 'parent_id': 0, 'active': 'y'}
    assert 'pernah dipakai unit lain' in _flashes(post_form(client, '/staf/unit/baru', data, follow_redirects=True))
    assert anonymous.get('/unit/tidak-ada').status_code == 404
    assert anonymous.get(f'/survei/{unit_slug}/tidak-ada').status_code == 404

    # renamed back: current again, and the second slug becomes the alias
    assert post_form(client, f'/staf/unit/{unit.id}', _unit_form(unit, slug=unit_slug)).status_code == 302
    assert db.session.get(UnitAlias, unit_slug) is None
    assert db.session.get(LayananAlias, (unit_slug, 'nikah')) is None
    assert anonymous.get(f'/unit/{unit_slug}').status_code == 200
    assert anonymous.get('/survei/kemenag-kaur/nikah').headers['Location'] == f'/survei/{unit_slug}/nikah'


def test_a_switched_off_layanan_or_unit_is_not_reached_through_an_old_address(client, db):
    unit, layanan = make_survey(slug='zakat')
    login_as(client, 'superadmin')
    post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='zakat-wakaf'))
    post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='zakat-wakaf', active=''))
    assert client.get(f'/survei/{unit.slug}/zakat').status_code == 404
    old_slug = unit.slug
    post_form(client, f'/staf/unit/{unit.id}', _unit_form(unit, slug='unit-pindah'))
    post_form(client, f'/staf/unit/{unit.id}', _unit_form(unit, slug='unit-pindah', active=''))
    assert client.get(f'/unit/{old_slug}').status_code == 404


def test_loading_csv_refuses_an_old_address(client, db):
    unit, layanan = make_survey(slug='legalisir')
    old_unit_slug = unit.slug
    login_as(client, 'superadmin')
    post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='legalisir-ijazah'))
    post_form(client, f'/staf/unit/{unit.id}', _unit_form(unit, slug='kemenag-seluma'))
    db.session.expire_all()  # as a fresh `flask units load` would read them
    with pytest.raises(LoadError) as refused:
        load_units(f'slug,nama,jenis,induk\n{old_unit_slug},Unit Lama,kankemenag,\n')
    assert 'alamat lama unit kemenag-seluma' in str(refused.value.errors)
    with pytest.raises(LoadError) as refused:
        load_layanan(f'unit,slug,nama\n{old_unit_slug},legalisir,Legalisir\n')
    assert 'alamat survei lama layanan kemenag-seluma/legalisir-ijazah' in str(refused.value.errors)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Unit.id))) == 1
    # an address that was never printed is free: the old layanan slug under the unit's new slug
    assert load_layanan('unit,slug,nama\nkemenag-seluma,legalisir,Legalisir Lain\n') == (1, 0)


def test_shared_links_with_an_old_slug_still_work(client, db):
    """The results page and the complaint form take a unit's slug from links shared before a rename."""
    from tests.analytics.factories import make_responses, worked_rows
    unit, layanan = make_survey(slug='legalisir')
    make_responses(unit, worked_rows(), layanan=layanan, day=date(2026, 7, 15))
    old_slug = unit.slug
    login_as(client, 'superadmin')
    url = f'/staf/analitik/terbitkan?unit={unit.id}&periode=2026-T3'
    assert post_form(client, url, {}, form_url=f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T3') \
        .status_code == 302
    post_form(client, f'/staf/layanan/{layanan.id}', _layanan_form(layanan, slug='legalisir-ijazah'))
    post_form(client, f'/staf/unit/{unit.id}', _unit_form(unit, slug='kemenag-mukomuko'))

    anonymous = client.application.test_client()
    moved = anonymous.get(f'/hasil/{old_slug}/2026-T3')
    assert moved.status_code == 302 and moved.headers['Location'] == '/hasil/kemenag-mukomuko/2026-T3'
    assert anonymous.get(moved.headers['Location']).status_code == 200
    assert anonymous.get(f'/hasil/?unit={old_slug}').headers['Location'] == '/hasil/?unit=kemenag-mukomuko'
    html = anonymous.get(f'/pengaduan/baru?unit={old_slug}&layanan=legalisir').get_data(as_text=True)
    assert re.search(rf'<option[^>]*value="{layanan.id}"[^>]*selected|<option selected[^>]*value="{layanan.id}"',
                     html), 'the layanan at its old address is chosen'
    assert re.search(rf'<option[^>]*value="{unit.id}"[^>]*selected|<option selected[^>]*value="{unit.id}"', html)
