"""The reports of a unit and period: the PDF "Laporan Hasil Survei Kepuasan Masyarakat" (WeasyPrint, from the HTML
templates in templates/analytics/reports/), the XLSX workbook (openpyxl), the CSV summary, and the komponen hasil PDF
and workbook (the latter with the figures per item and the answers behind the IPAK and IPKP).

Every figure comes from analytics.queries. The PDFs are Indonesian documents (for the ZI evaluators): they are rendered
under flask_babel.force_locale(PDF_LOCALE), so every figure goes through analytics.display in the Indonesian format
(decimal comma, thousands dot: "91,48", "3,6590", "1.260") and dates are Indonesian long dates ("27 November 2026"),
whoever asks (an English-speaking visitor) and wherever (a background job with only an app context). The XLSX and CSV
are read by machines and keep plain numbers (dot decimals). WeasyPrint fetches nothing from the network: the only URLs
it may load are files under the app's static folder (anything else is refused).
"""
import csv
import io
import os

from flask import current_app, render_template
from flask_babel import force_locale

from portal.exports import safe_row, xlsx_row
from portal.i18n import office_today

from . import charts, display, publish, queries
from .ikm import MUTU_LABELS, UNSUR_NAMES, WEIGHTS, round_half_up
from .perception import HASIL_MAX

WEIGHT_NOTES = {
    '1/9': 'bobot tepat 1/9 per unsur (IKM sempurna = 100)',
    '0.111': 'bobot 0,111 per unsur (konvensi lembar kerja lama; IKM sempurna = 99,90)',
    '0.11': 'bobot 0,11 per unsur (sesuai angka tercetak PermenPANRB 14/2017; IKM sempurna = 99,00)',
}
PDF_LOCALE = 'id'  # the language and number format of every PDF, whatever the visitor's language
PROFILE = (('gender', 'Jenis kelamin'), ('age', 'Umur'), ('education', 'Pendidikan'), ('occupation', 'Pekerjaan'),
           ('layanan', 'Layanan'))


def _f(value, places):
    return None if value is None else round(float(value), places)


def context(sel):
    """The figures of a report for a dashboard Selection (unit, layanan, period, subtree)."""
    p, kw = sel.period, sel.kw
    summary, compared = queries.summary_compared(sel.unit.id, p, sel.compare_period, **kw)
    profile = [(key, label, queries.breakdown(key, sel.unit.id, p.start, p.end, **kw)) for key, label in PROFILE]
    several = len(queries.unit_ids(sel.unit.id, sel.subtree)) > 1
    return {
        'sel': sel, 'unit': sel.unit, 'period': p, 'layanan': sel.layanan, 'summary': summary, 'r': summary.result,
        'comparison': compared, 'compare_period': sel.compare_period, 'profile': profile,
        'coverage': queries.population_coverage(sel.unit.id, p.start, p.end, **kw),
        'saran': queries.saran(sel.unit.id, p.start, p.end, **kw),
        'saran_count': queries.saran_count(sel.unit.id, p.start, p.end, **kw),
        'several_units': several,
        # the PDF prints the layanan full width, grouped by unit when the scope spans several
        'layanan_groups': queries.layanan_by_unit(
            next(rows for key, _, rows in profile if key == 'layanan'), sel.unit.name) if several else None,
        'units': queries.per_unit(sel.unit.id, p.start, p.end) if sel.whole_unit else [],
        'rtl': publish.rtl_for(sel.unit.id, p.key), 'today': office_today(),
        'weight_note': WEIGHT_NOTES[summary.result.weight], 'weight_value': WEIGHTS[summary.result.weight],
        'mutu_labels': MUTU_LABELS,
    }


def nrr_chart(summary, period):
    """The report's NRR chart, its numbers written by analytics.display.number (in the locale in force: the PDF's)."""
    return charts.nrr_bars([(u.code, u.name, _f(u.nrr_display, 4), u.mutu) for u in summary.result.unsur],
                           uid='pdf-nrr', title=f'NRR per unsur, {period.label}', fmt=display.number)


def _fetcher(url, *args, **kwargs):
    """WeasyPrint's URL fetcher: local static files only (no network, ever)."""
    from weasyprint import default_url_fetcher
    static = os.path.realpath(current_app.static_folder)
    if url.startswith('file://') and os.path.realpath(url[7:]).startswith(static + os.sep):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f'sumber luar ditolak: {url}')


def _pdf(template, build):
    """`template` rendered with the context `build()` returns, as PDF bytes. Both run under force_locale(PDF_LOCALE),
    which needs an app context only (no request): the figures (display.number) and dates (format_date) are Indonesian
    for an English-speaking visitor and in the background job alike."""
    from weasyprint import CSS, HTML
    with force_locale(PDF_LOCALE):
        html = render_template(template, **build())
    static = os.path.realpath(current_app.static_folder)
    return HTML(string=html, base_url=f'file://{static}/', url_fetcher=_fetcher).write_pdf(
        stylesheets=[CSS(filename=os.path.join(static, 'css', 'analytics-report.css'), url_fetcher=_fetcher)])


def pdf(sel):
    """The PDF "Laporan Hasil Survei Kepuasan Masyarakat" of a Selection, as bytes."""
    def build():
        ctx = context(sel)
        return {**ctx, 'nrr_chart': nrr_chart(ctx['summary'], sel.period)}
    return _pdf('analytics/reports/laporan.html', build)


def pdf_job(unit_id, layanan_id, period_key, subtree, compare_key=None):
    """The report PDF from plain values: what the background job runs (portal.generated). compare_key: the period
    compared with when one was chosen (a job queued before it existed has four arguments: the period before)."""
    from portal.extensions import db
    from portal.models import Layanan, Unit

    from .dashboard import Selection
    from .periods import parse
    unit = db.session.get(Unit, unit_id)
    layanan = db.session.get(Layanan, layanan_id) if layanan_id else None
    return pdf(Selection(unit, layanan, parse(period_key), bool(subtree), parse(compare_key) if compare_key else None))


def hasil_pdf(unit, year, *, subtree=True):
    """The komponen hasil ZI of a unit and year as a one-page PDF (IPAK/IPKP with the units below it, or of the unit
    alone when subtree=False)."""
    return _pdf('analytics/reports/hasil.html', lambda: {
        'unit': unit, 'year': year, 'hasil': queries.komponen_hasil(unit.id, year, subtree=subtree),
        'hasil_max': HASIL_MAX, 'today': office_today()})


HASIL_KINDS = (('ipak', 'IPAK'), ('ipkp', 'IPKP'))
# PermenPANRB 90/2021 jo 5/2024: how the LKE points of an IPAK or IPKP follow from its index (perception.lke_points)
LKE_RULE = 'nilai LKE = indeks / 4 × 17,5 (PermenPANRB 90/2021 jo 5/2024)'


def hasil_xlsx(unit, year, *, subtree=True):
    """The komponen hasil ZI of a unit and year as a workbook, for the ZI evaluators to check and recompute: sheets
    Komponen hasil (the page's table and verdict), IPAK per butir and IPKP per butir (each item's respondents, sum
    and mean, then the index and its LKE points), Jawaban IPAK and Jawaban IPKP (every counted respondent's scores,
    one column per item: a column's mean over its filled cells is the item's mean, and the mean of those the index).
    Returns (bytes, the number of answer rows written): the export is audited with it (respondents' answers leave
    the portal). Indonesian like the IKM workbook; numbers plain, formatted at the page's places."""
    from openpyxl import Workbook
    hasil = queries.komponen_hasil(unit.id, year, subtree=subtree)
    today = office_today()
    wb = Workbook(write_only=True)
    _hasil_sheet(wb, unit, year, hasil, today)
    for kind, label in HASIL_KINDS:
        _items_sheet(wb, label, getattr(hasil, kind))
    start, end = queries.year_bounds(year)
    rows = 0
    for kind, label in HASIL_KINDS:
        codes = list(getattr(hasil, kind).result.items)
        rows += _answers_sheet(wb, label, codes, queries.perception_answers(kind, unit.id, start, end,
                                                                             subtree=subtree))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), rows


def _hasil_sheet(wb, unit, year, hasil, today):
    """The komponen hasil as the staff page shows it: what it covers, the IPAK and IPKP indices, the lines (values,
    maxima and thresholds at 2 decimals, as the LKE records points) and the verdict."""
    ws = _sheet(wb, 'Komponen hasil', (58, 12, 10, 12, 16, 12, 16), freeze=None)
    ws.append(['Komponen Hasil Zona Integritas'])
    head = [('Unit', unit.name, None), ('Tahun', year, None),
            ('Cakupan', 'unit dan unit di bawahnya' if hasil.subtree else 'unit saja', None)]
    if today.year == year:  # a year not over yet: the figures may still change
        head.append(('Data s.d.', today, None))
    for label, s in (('IPAK', hasil.ipak), ('IPKP', hasil.ipkp)):
        head += [(f'{label}: indeks (1-4)', _f(s.result.index_display, 4), NRR),
                 (f'{label}: responden', s.result.n, None)]
    if hasil.ipkp.from_ikm_answers:
        head.append(('IPKP: responden yang menjawab lewat unsur IKM U1-U9', hasil.ipkp.from_ikm_answers, None))
    head.append(('Rumus', f'indeks = rata-rata nilai rata-rata butir; {LKE_RULE}', None))
    for label, value, fmt in head:
        ws.append(xlsx_row(ws, [label, value], {1: fmt} if fmt else None))
    ws.append([])
    ws.append(['komponen', 'nilai', 'maks', 'ambang WBK', 'status WBK', 'ambang WBBM', 'status WBBM'])
    points = {1: KONVERSI, 2: KONVERSI, 3: KONVERSI, 5: KONVERSI}
    for x in hasil.lines:
        ws.append(xlsx_row(ws, [x.label, _f(x.value, 2), _f(x.max_points, 2), _f(x.wbk, 2), x.word(x.memenuhi_wbk),
                                _f(x.wbbm, 2), x.word(x.memenuhi_wbbm)], points))
    ws.append([])
    v = hasil.verdict
    ws.append(xlsx_row(ws, ['Subtotal komponen hasil (IPAK + capaian kinerja + IPKP)', _f(v.subtotal, 2),
                            _f(HASIL_MAX, 2)], {1: KONVERSI, 2: KONVERSI}))
    ws.append(['Memenuhi syarat WBK', 'ya' if v.wbk else 'tidak'])
    ws.append(['Memenuhi syarat WBBM', 'ya' if v.wbbm else 'tidak'])
    entered = hasil.entered
    if entered is None:
        ws.append(['Capaian kinerja, pengungkit dan TLHP belum diisi untuk tahun ini.'])
    else:
        ws.append(xlsx_row(ws, ['Diisi oleh', entered.updated_by.name if entered.updated_by else '—']))
        if entered.note:
            ws.append(xlsx_row(ws, ['Catatan', entered.note]))  # typed by staff: a formula stays text


def _items_sheet(wb, label, summary):
    """<label> per butir: each item of the summary in its order (code, name, respondents who answered it, sum of
    their scores, mean at 4 decimals), then one row below the filtered table: the index (mean of the item means), its
    LKE points and the respondents."""
    r = summary.result
    header = ['kode', 'butir', 'menjawab', 'jumlah nilai', 'rata-rata', 'nilai LKE']
    ws = _sheet(wb, f'{label} per butir', (9, 50, 11, 13, 10, 11), header)
    for code, (total, answered, mean) in r.items.items():
        ws.append(xlsx_row(ws, [code.upper(), summary.names.get(code, code), answered, total, _f(mean, 4)],
                           {4: NRR}))
    _filter(ws, len(header), 1 + len(r.items))
    ws.append(xlsx_row(ws, ['indeks', f'{label} = rata-rata kolom rata-rata; {LKE_RULE}; menjawab = jumlah responden',
                            r.n, None, _f(r.index_display, 4), _f(r.points_display, 2)], {4: NRR, 5: KONVERSI}))


def _answers_sheet(wb, label, codes, answers):
    """Jawaban <label>: one row per respondent the index counts (id, service date, unit, layanan, then a column per
    item code, in the per-butir sheet's order: the score, or empty where the item was not answered). Returns the
    number of rows."""
    columns = [*queries.PERCEPTION_ANSWER_COLUMNS, *(c.upper() for c in codes)]
    ws = _sheet(wb, f'Jawaban {label}', [8, 11, 34, 36, *(7 for _ in codes)], columns)
    count = 0
    for rid, day, unit_name, layanan_name, scores in answers:
        ws.append(xlsx_row(ws, [rid, day, unit_name, layanan_name, *(scores.get(c) for c in codes)]))
        count += 1
    _filter(ws, len(columns), 1 + count)
    return count


def _summary_row(name, period, s):
    """One CSV line: numbers exactly as displayed (NRR/IKM 4 decimals, konversi and CI 2 decimals)."""
    r = s.result
    ci = ['' if s.ci95 is None else f'{v:.2f}' for v in (s.ci95 or (None, None))]
    return [name, period.label, period.start.isoformat(), period.end.isoformat(), r.n,
            *[u.nrr_display for u in r.unsur], r.ikm_display, r.konversi_display, r.mutu, r.mutu_label, *ci,
            s.sample.population, s.sample.required,
            None if s.sample.adequate is None else ('ya' if s.sample.adequate else 'tidak'), r.weight]


SUMMARY_HEADER = ['unit', 'periode', 'mulai', 'akhir', 'responden', *[f'nrr_{u}' for u in UNSUR_NAMES], 'ikm',
                  'konversi', 'mutu', 'mutu_label', 'ci95_bawah', 'ci95_atas', 'populasi', 'sampel_minimal',
                  'sampel_memadai', 'bobot']


def summary_rows(sel):
    """The summary table: the selection, then (for the whole unit with children) the unit's own office and each
    direct child unit rolled up, whose respondents add up to the first line's."""
    p = sel.period
    name = sel.unit.name + (f' / {sel.layanan.name}' if sel.layanan else '') + ('' if sel.subtree else UNIT_ALONE)
    rows = [_summary_row(name, p, queries.ikm_summary(sel.unit.id, p.start, p.end, **sel.kw))]
    if sel.whole_unit:
        rows += [_summary_row(r.label + (UNIT_ALONE if r.key == sel.unit.id else ''), p, r.summary)
                 for r in queries.per_unit(sel.unit.id, p.start, p.end)]
    return rows


UNIT_ALONE = ' (unit saja)'  # a summary line of the unit's own respondents, without the units below it


def csv_summary(sel):
    """The summary as CSV text (comma separated, dot decimals, UTF-8)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(SUMMARY_HEADER)
    w.writerows(safe_row(row) for row in summary_rows(sel))
    return out.getvalue()


# Number formats of the workbook's cells, at the places the PDF prints (1-4: 4 decimals, 25-100: 2, percentages: 1)
NRR, KONVERSI, PERCENT, P_VALUE = '0.0000', '0.00', '0.0', '0.000000'


def _sheet(wb, title, widths, header=None, freeze='A2'):
    """A write-only sheet with its column widths and frozen header rows (both must precede the first row), and its
    header row."""
    from openpyxl.utils import get_column_letter
    ws = wb.create_sheet(title)
    ws.freeze_panes = freeze
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if header:
        ws.append(header)
    return ws


def _filter(ws, columns, rows):
    """An autofilter over a table of `columns` columns whose header is row 1 and which ends at row `rows`."""
    from openpyxl.utils import get_column_letter
    ws.auto_filter.ref = f'A1:{get_column_letter(columns)}{max(rows, 1)}'


def xlsx(sel):
    """The workbook: Ringkasan, Per unsur, Profil responden, Respons (raw counted responses), Perbandingan (and Per
    unit for a unit with children), then Pengaduan (the dashboard's complaint figures), as bytes. Header rows
    frozen, columns sized, tables filterable, numbers formatted at the PDF's places; text that looks like a formula
    is kept as typed, as text (portal.exports)."""
    from openpyxl import Workbook
    ctx = context(sel)
    s, r, p = ctx['summary'], ctx['r'], sel.period
    ci = s.as_dict()['ci95'] or [None, None]
    wb = Workbook(write_only=True)
    ws = _sheet(wb, 'Ringkasan', (44, 70))
    ws.append(['Laporan Hasil Survei Kepuasan Masyarakat'])
    for label, value, fmt in (
            ('Unit', sel.unit.name, None), ('Layanan', sel.layanan.name if sel.layanan else 'Semua layanan', None),
            ('Cakupan', 'unit dan unit di bawahnya' if sel.subtree else 'unit saja', None),
            ('Periode', p.label, None), ('Mulai', p.start, None), ('Akhir', p.end, None),
            ('Data s.d.', min(ctx['today'], p.end), None), ('Responden', r.n, None),
            ('IKM (1-4)', _f(r.ikm_display, 4), NRR), ('IKM konversi (25-100)', _f(r.konversi_display, 2), KONVERSI),
            ('Mutu', r.mutu, None), ('Kinerja unit pelayanan', r.mutu_label, None),
            ('CI95 bawah (tambahan di luar regulasi)', ci[0], KONVERSI),
            ('CI95 atas (tambahan di luar regulasi)', ci[1], KONVERSI),
            ('Populasi (N)', s.sample.population, None), ('Sampel minimal (Krejcie-Morgan)', s.sample.required, None),
            ('Kecukupan sampel', _adequacy(s.sample.adequate), None),
            ('Bobot', r.weight, None), ('Konvensi bobot', ctx['weight_note'], None)):
        ws.append(xlsx_row(ws, [label, value], {1: fmt} if fmt else None))
    header = ['kode', 'unsur', 'menjawab', 'jumlah nilai', 'NRR', 'mutu']
    ws = _sheet(wb, 'Per unsur', (7, 42, 11, 13, 9, 7), header)
    for u in r.unsur:
        ws.append(xlsx_row(ws, [u.code.upper(), u.name, u.answered, u.total, _f(u.nrr_display, 4), u.mutu], {4: NRR}))
    _filter(ws, len(header), 1 + len(r.unsur))
    header = ['profil', 'kelompok', 'responden', 'persen', 'IKM konversi', 'mutu']
    ws = _sheet(wb, 'Profil responden', (15, 60, 11, 9, 13, 7), header)
    count = 1
    for _, label, rows in ctx['profile']:
        for row in rows:
            rr = row.summary.result
            ws.append(xlsx_row(ws, [label, row.label, rr.n, round(100 * rr.n / r.n, 1) if r.n else None,
                                    _f(rr.konversi_display, 2), rr.mutu], {3: PERCENT, 4: KONVERSI}))
            count += 1
    _filter(ws, len(header), count)
    _responses_sheet(wb, sel)
    _comparison_sheet(wb, sel, ctx['comparison'])  # the first four keep their place
    if ctx['units']:  # a unit with children: its own office and each child rolled up
        _units_sheet(wb, sel, ctx['units'], r)
    _complaints_sheet(wb, sel, ctx['today'])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _responses_sheet(wb, sel):
    """Every counted response of the selection, one row each; jenis kelamin as its label (Laki-laki, Perempuan)."""
    p = sel.period
    columns = queries.RAW_COLUMNS
    gender = columns.index('jenis_kelamin')
    widths = {'id': 8, 'tanggal': 11, 'unit': 34, 'layanan': 36, 'jenis_kelamin': 13, 'umur': 6, 'pendidikan': 11,
              'pekerjaan': 18, 'saran': 60}
    ws = _sheet(wb, 'Respons', [widths.get(c, 5) for c in columns], list(columns))
    count = 1
    for row in queries.raw_responses(sel.unit.id, p.start, p.end, **sel.kw):
        row = list(row)
        row[gender] = queries.GENDER_LABELS.get(row[gender], row[gender])
        ws.append(xlsx_row(ws, row))
        count += 1
    _filter(ws, len(columns), count)


def _units_sheet(wb, sel, rows, total):
    """The unit's own office and each direct child (rolled up), then the whole: respondents add up to the total;
    the total's IKM is computed from all responses, not from the rows."""
    header = ['unit', 'cakupan', 'responden', 'IKM (1-4)', 'IKM konversi', 'mutu', 'populasi', 'sampel minimal',
              'kecukupan sampel']
    ws = _sheet(wb, 'Per unit', (44, 28, 11, 10, 13, 7, 10, 15, 15), header)
    formats = {3: NRR, 4: KONVERSI}
    for row in rows:
        r, sample = row.summary.result, row.summary.sample
        scope = 'kantor ini sendiri' if row.key == sel.unit.id else 'unit dan unit di bawahnya'
        ws.append(xlsx_row(ws, [row.label, scope, r.n, _f(r.ikm_display, 4), _f(r.konversi_display, 2), r.mutu,
                                sample.population, sample.required, _adequacy(sample.adequate)], formats))
    _filter(ws, len(header), 1 + len(rows))  # the whole stays below the filtered rows
    ws.append(xlsx_row(ws, [sel.unit.name, 'seluruhnya (dari semua respons)', total.n, _f(total.ikm_display, 4),
                            _f(total.konversi_display, 2), total.mutu], formats))


COMPLAINT_SHARES = (('verified_within_3hk', 'Diverifikasi ≤ 3 HK'),
                    ('followed_up_within_5hk', 'Ditindaklanjuti ≤ 5 HK'),
                    ('closed_within_60_days', 'Selesai ≤ 60 hari'))
SHARE_RULE = ('persen = tepat waktu / dihitung; dihitung = langkah yang sudah diambil ditambah langkah yang belum '
              'diambil padahal tenggatnya sudah lewat; HK = hari kerja')


def _percent(share):
    """A share (0-1) as the percentage the dashboard prints (display.percent_value), as a number; None stays None."""
    value = display.percent_value(share)
    return None if value is None else float(value)


def _complaints_sheet(wb, sel, today):
    """Pengaduan: the dashboard's complaint figures for the selection's unit (with its subtree or alone) and period,
    for the ZI evaluators (domain.md 4): the total, the deadline shares (with what they count), the median days to
    close, satisfaction with the handling, then the counts by status, kind, category and handling unit, each table
    under its own header. Complaints are not told apart by layanan: the sheet covers every layanan. Counts only, no
    complaint's content or identity. Nothing when the pengaduan part is not installed."""
    figures = queries.complaints(sel.unit.id, sel.period.start, sel.period.end, subtree=sel.subtree)
    if figures is None:
        return
    tables = queries.complaint_tables(figures)
    p, sat = sel.period, figures['satisfaction']
    ws = _sheet(wb, 'Pengaduan', (44, 40, 12, 12), freeze=None)
    ws.append(['Pemantauan pengaduan (Perpres 76/2013, PermenPANRB 62/2018)'])
    for label, value, fmt in (
            ('Unit', sel.unit.name, None),
            ('Cakupan', 'unit dan unit di bawahnya' if sel.subtree else 'unit saja', None),
            ('Layanan', 'semua layanan (pengaduan tidak dipilah per layanan)', None),
            ('Periode (tanggal pengaduan masuk)', p.label, None), ('Mulai', p.start, None), ('Akhir', p.end, None),
            ('Data s.d.', min(today, p.end), None), ('Pengaduan masuk', figures['total'], None),
            ('Median hari sampai selesai', figures['median_days_to_close'], '0.0'),
            (f'Kepuasan atas penanganan: rata-rata (skala 1-{tables["rating_max"]})',
             None if sat['mean'] is None else float(round_half_up(sat['mean'], 2)), KONVERSI),
            ('Kepuasan atas penanganan: jumlah penilaian', sat['count'], None)):
        ws.append(xlsx_row(ws, [label, value], {1: fmt} if fmt else None))
    if not sat['count']:
        ws.append(['Belum ada pengadu yang menilai penanganan pengaduan periode ini.'])
    ws.append([])
    ws.append(['ketepatan waktu', 'persen', 'tepat waktu', 'dihitung'])
    for key, label in COMPLAINT_SHARES:
        share = figures[key]
        ws.append(xlsx_row(ws, [label, _percent(share['share']), share['count'], share['of']], {1: PERCENT}))
    ws.append([SHARE_RULE])
    for head, rows in (('status', tables['status']), ('jenis', tables['kind']), ('kategori', tables['category']),
                       ('unit penanganan', tables['unit'])):
        ws.append([])
        ws.append([head, 'jumlah'])
        for _key, label, n in rows:
            ws.append(xlsx_row(ws, [str(label), n]))  # a unit's name as staff typed it: a formula stays text
        ws.append(['seluruhnya', sum(n for *_, n in rows)])


def _adequacy(value):
    """Sample adequacy in the PDF's and the dashboard's words."""
    return None if value is None else ('memadai' if value else 'belum memadai')


def _comparison_sheet(wb, sel, c):
    """The workbook's comparison of the period with sel.compare_period (beyond the regulation, labelled so): two
    small tables one above the other, so no autofilter; the title and the first table's header stay in view."""
    ws = _sheet(wb, 'Perbandingan', (44, 40, 20, 20, 11, 10, 13, 7), freeze='A3')
    ws.append(['Perbandingan periode (tambahan di luar PermenPANRB 14/2017)'])
    if c is None:
        ws.append(['Tidak ada periode sebelumnya untuk dibandingkan.'])
        return
    other, p = sel.compare_period, sel.period
    ws.append(['peran', 'periode', 'mulai', 'akhir', 'responden', 'IKM (1-4)', 'IKM konversi', 'mutu'])
    for role, period, s in (('pembanding', other, c.a), ('periode laporan', p, c.b)):
        r = s.result
        ws.append(xlsx_row(ws, [role, period.label, period.start, period.end, r.n, _f(r.ikm_display, 4),
                                _f(r.konversi_display, 2), r.mutu], {5: NRR, 6: KONVERSI}))
    ws.append(xlsx_row(ws, ['selisih konversi (periode laporan - pembanding)', _f(c.delta_konversi, 2)],
                       {1: KONVERSI}))
    t = c.test
    ws.append(xlsx_row(ws, ['uji Mann-Whitney U dua sisi, p', None if t is None else round(t.p, 6)], {1: P_VALUE}))
    ws.append(['signifikan (p < 0,05)', None if t is None else ('ya' if t.significant else 'tidak')])
    ws.append([])
    ws.append(['kode', 'unsur', 'NRR pembanding', 'NRR periode laporan', 'selisih'])
    for ua, ub, delta in c.unsur_changes():
        ws.append(xlsx_row(ws, [ub.code.upper(), ub.name, _f(ua.nrr_display, 4), _f(ub.nrr_display, 4),
                                _f(delta, 4)], {2: NRR, 3: NRR, 4: NRR}))


def filename(sel, ext):
    """A download name: ikm-<unit slug>-<period key>[-<layanan>].<ext>."""
    extra = f'-layanan{sel.layanan.id}' if sel.layanan else ''
    return f'ikm-{sel.unit.slug}-{sel.period.key}{extra}{"" if sel.subtree else "-unit"}.{ext}'
