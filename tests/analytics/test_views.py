"""The staff pages: pimpinan reads the komponen hasil, admins enter its inputs within their scope, audited."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from analytics.models import HasilInput
from portal.models import AuditEvent
from tests.factories import login_as, make_unit, post_form


@pytest.fixture
def units(db):
    root = make_unit('Kanwil Uji', 'kanwil-uji', kind='kanwil')
    return {'root': root, 'kan': make_unit('Kantor Uji', 'kantor-uji', parent=root),
            'other': make_unit('Kantor Lain', 'kantor-lain', parent=root)}


def test_pimpinan_reads_but_cannot_enter(client, units):
    login_as(client, 'pimpinan', units['root'])
    page = client.get(f'/staf/analitik/hasil?unit={units["kan"].id}&tahun=2026')
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'Komponen hasil ZI' in html and 'belum memenuhi' in html and 'Isi capaian kinerja' not in html
    assert client.get(f'/staf/analitik/hasil/isian?unit={units["kan"].id}&tahun=2026').status_code == 403
    assert client.get('/staf/analitik/').status_code == 302


def test_admin_unit_enters_inputs_audited(client, units, db):
    user = login_as(client, 'admin_unit', units['kan'])
    url = f'/staf/analitik/hasil/isian?unit={units["kan"].id}&tahun=2026'
    res = post_form(client, url, {'capaian_kinerja': '3.80', 'pengungkit': '48.5', 'tlhp_percent': '100',
                                  'note': 'LKE mandiri'})
    assert res.status_code == 302, res.get_data(as_text=True)[:500]
    row = db.session.scalar(select(HasilInput))
    assert (row.unit_id, row.year, row.capaian_kinerja, row.pengungkit) == (units['kan'].id, 2026, Decimal('3.80'),
                                                                            Decimal('48.50'))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'analytics.hasil_input.saved'))
    assert event.actor_id == user.id and event.details['year'] == 2026
    html = client.get(f'/staf/analitik/hasil?unit={units["kan"].id}&tahun=2026').get_data(as_text=True)
    assert '3,80' in html and 'memenuhi' in html  # the Indonesian page's decimal comma
    res = post_form(client, url, {'capaian_kinerja': '3.80', 'pengungkit': '48.5', 'tlhp_percent': '100',
                                  'note': 'LKE mandiri'})
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == 'analytics.hasil_input.saved',
                                                      AuditEvent.id != event.id)) is None  # nothing changed


def test_out_of_scope_and_invalid_values(client, units, db):
    login_as(client, 'admin_unit', units['kan'])
    assert client.get(f'/staf/analitik/hasil?unit={units["other"].id}&tahun=2026').status_code == 404
    assert client.get(f'/staf/analitik/hasil/isian?unit={units["other"].id}&tahun=2026').status_code == 404
    url = f'/staf/analitik/hasil/isian?unit={units["kan"].id}&tahun=2026'
    res = post_form(client, url, {'capaian_kinerja': '7', 'pengungkit': '', 'tlhp_percent': ''})
    assert res.status_code == 422 and db.session.scalar(select(HasilInput)) is None


def test_other_roles_are_refused(client, units):
    login_as(client, 'petugas_pengaduan', units['kan'])
    assert client.get('/staf/analitik/hasil').status_code == 403
