"""What the population N leaves out, said beside the sample adequacy: entered periods crossing the report's bounds,
layanan with respondents but no service users entered, and layanan whose entries cover only part of the period.

N (domain.md section 2: service users in the period) counts only entered periods lying inside the report's period, so
a count entered for the whole year is no N for a triwulan, and a triwulan with only two months entered asks for a
smaller sample than it should (Krejcie-Morgan: N=300 asks 169, N=200 asks 132).
"""
import io
from datetime import date

import pytest
from pypdf import PdfReader

from analytics import queries
from analytics.ikm import days_covered, sample_size
from tests.analytics.factories import make_population, make_responses, worked_rows
from tests.factories import login_as, make_layanan, make_unit, post_form

Q1 = (date(2026, 1, 1), date(2026, 3, 31))  # 90 days


def test_days_covered_counts_each_day_of_the_period_once():
    start, end = Q1
    assert days_covered([], start, end) == 0
    assert days_covered([(date(2026, 1, 1), date(2026, 3, 31))], start, end) == 90
    assert days_covered([(date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))],
                        start, end) == 59
    # overlapping and contained spans count their days once; what lies outside the period not at all
    assert days_covered([(date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 1, 15), date(2026, 2, 10)),
                         (date(2026, 1, 20), date(2026, 1, 25))], start, end) == 41
    assert days_covered([(date(2025, 12, 1), date(2026, 1, 10)), (date(2026, 3, 25), date(2026, 4, 30))],
                        start, end) == 17
    assert days_covered([(date(2025, 1, 1), date(2025, 12, 31))], start, end) == 0
    assert days_covered([(date(2026, 3, 31), date(2026, 3, 31))], start, end) == 1


@pytest.fixture
def office(db):
    """One Kantor with three layanan surveyed in January 2026: Legalisir (Jan and Feb entered, March not), Nikah (a
    count for the whole year only), Haji (nothing entered)."""
    unit = make_unit('Kantor Cakupan', 'kantor-cakupan')
    legalisir = make_layanan(unit, 'Legalisir Ijazah', 'legalisir')
    nikah = make_layanan(unit, 'Rekomendasi Nikah', 'nikah')
    haji = make_layanan(unit, 'Pendaftaran Haji', 'haji')
    for layanan in (legalisir, nikah, haji):
        make_responses(unit, worked_rows()[:10], layanan=layanan, day=date(2026, 1, 20))
    make_population(legalisir, 100, date(2026, 1, 1), date(2026, 1, 31))
    make_population(legalisir, 100, date(2026, 2, 1), date(2026, 2, 28))
    make_population(nikah, 1200, date(2026, 1, 1), date(2026, 12, 31))
    return {'unit': unit, 'legalisir': legalisir, 'nikah': nikah, 'haji': haji}


def test_the_coverage_names_what_n_leaves_out(office):
    unit = office['unit']
    cov = queries.population_coverage(unit.id, *Q1)
    assert cov.outside == (('Rekomendasi Nikah', date(2026, 1, 1), date(2026, 12, 31), 1200),)
    assert cov.missing == ('Pendaftaran Haji',)
    assert cov.partial == (('Legalisir Ijazah', 59, 90),)
    # N is what lies inside: 200, which asks 132 respondents where the true N (300 or more) would ask 169 or more
    assert queries.population_total(unit.id, *Q1) == 200
    assert sample_size(200) == 132 and sample_size(300) == 169
    # January alone is fully covered for Legalisir; the year's count still crosses it
    january = queries.population_coverage(unit.id, date(2026, 1, 1), date(2026, 1, 31),
                                          layanan_id=office['legalisir'].id)
    assert not january and january == queries.PopulationCoverage()
    # the whole year: Nikah's count lies inside; Legalisir covers 59 of 365 days; Haji still has none
    year = queries.population_coverage(unit.id, date(2026, 1, 1), date(2026, 12, 31))
    assert year.outside == () and year.missing == ('Pendaftaran Haji',)
    assert year.partial == (('Legalisir Ijazah', 59, 365),)


def test_the_dashboard_and_the_pdf_say_what_n_leaves_out(client, office):
    unit = office['unit']
    login_as(client, 'admin_unit', unit)
    url = f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T1'
    html = client.get(url).get_data(as_text=True)
    assert 'id="populasi-catatan"' in html
    assert 'belum diisi untuk periode ini: Pendaftaran Haji.' in html
    assert 'baru diisi untuk sebagian periode ini:' in html and 'Legalisir Ijazah (59 dari 90 hari).' in html
    assert 'tidak dihitung (1 isian)' in html
    assert 'Rekomendasi Nikah: 1 Jan 2026 s.d. 31 Des 2026, 1.200 pengguna' in html
    english = client.get(url + '&lang=en').get_data(as_text=True)
    assert 'Pendaftaran Haji' in english and 'only counts' in english
    response = post_form(client, f'/staf/analitik/laporan.pdf?unit={unit.id}&periode=2026-T1', {}, form_url=url)
    pdf = client.get(response.headers['Location'] + '/berkas')
    text = ' '.join(' '.join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert 'Catatan populasi' in text and 'Pendaftaran Haji' in text and 'Legalisir Ijazah (59 dari 90 hari)' in text
    assert 'Rekomendasi Nikah, 1 Jan 2026 s.d. 31 Des 2026 (1.200)' in text


def test_a_scope_of_several_units_names_the_unit_beside_the_layanan(office):
    other = make_unit('Kantor Lain', 'kantor-lain', parent=office['unit'])
    haji = make_layanan(other, 'Pendaftaran Haji', 'haji-lain')
    make_responses(other, worked_rows()[:3], layanan=haji, day=date(2026, 2, 2))
    cov = queries.population_coverage(office['unit'].id, *Q1)
    assert cov.missing == ('Pendaftaran Haji (Kantor Cakupan)', 'Pendaftaran Haji (Kantor Lain)')
    assert cov.partial == (('Legalisir Ijazah (Kantor Cakupan)', 59, 90),)
    assert queries.population_coverage(office['unit'].id, *Q1, subtree=False).missing == ('Pendaftaran Haji',)


def test_no_note_when_every_layanan_is_counted_for_the_whole_period(client, db):
    unit = make_unit('Kantor Lengkap', 'kantor-lengkap')
    layanan = make_layanan(unit, 'Legalisir Ijazah', 'legalisir')
    make_responses(unit, worked_rows(), layanan=layanan, day=date(2026, 2, 10))
    for month_start, month_end in ((date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28)),
                                   (date(2026, 3, 1), date(2026, 3, 31))):
        make_population(layanan, 30, month_start, month_end)
    login_as(client, 'admin_unit', unit)
    html = client.get(f'/staf/analitik/dasbor?unit={unit.id}&periode=2026-T1').get_data(as_text=True)
    assert 'id="populasi-catatan"' not in html
    assert 'Sampel belum memadai: 29 responden, minimal 73 untuk populasi 90' in html
