"""Report downloads under /staf/analitik: PDF, XLSX and CSV of a unit and period, and the komponen hasil PDF and
XLSX."""
from flask import Response, redirect, url_for
from flask_login import current_user

from portal.access import FIGURE_READERS, roles_required
from portal.extensions import db
from portal.generated import GeneratedFile, request_file
from portal.views_util import audit_export

from . import reports
from .dashboard import selection
from .views import _selection, bp, rolled_up

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
TITLE_MAX = GeneratedFile.title.type.length  # 200: a longer title fails the INSERT on PostgreSQL (a 500)


def fit_title(prefix, name, suffix, limit=TITLE_MAX):
    """prefix + name + suffix within `limit` characters: the name (a unit's, up to 200 characters) is shortened with
    an ellipsis, so the period at the end stays readable."""
    room = limit - len(prefix) - len(suffix)
    if len(name) > room:
        name = name[:max(room - 1, 0)].rstrip() + '…'
    return (prefix + name + suffix)[:limit]


def _download(data, mime, name):
    resp = Response(data, mimetype=mime)
    resp.headers['Content-Disposition'] = f'attachment; filename="{name}"'
    resp.headers['Cache-Control'] = 'private, no-store'
    return resp


@bp.route('/laporan.pdf')
@roles_required(*FIGURE_READERS)
def report_pdf():
    """Laporan Hasil Survei Kepuasan Masyarakat (PDF)."""
    _, sel = selection()
    return _download(reports.pdf(sel), 'application/pdf', reports.filename(sel, 'pdf'))


@bp.route('/laporan.pdf', methods=['POST'])
@roles_required(*FIGURE_READERS)
def report_pdf_background():
    """Queue the report PDF (it takes seconds to render) and go to the page that fetches it when ready."""
    _, sel = selection()
    row = request_file(current_user, 'analytics.reports.pdf_job',
                       [sel.unit.id, getattr(sel.layanan, 'id', None), sel.period.key, sel.subtree,
                        getattr(sel.compare, 'key', None)],
                       fit_title('Laporan Hasil SKM: ', sel.unit.name, f', {sel.period.label}'),
                       reports.filename(sel, 'pdf'))
    db.session.commit()
    return redirect(url_for('generated.status', token=row.token), code=303)


@bp.route('/laporan.xlsx')
@roles_required(*FIGURE_READERS)
def report_xlsx():
    """The workbook: summary, per unsur, respondent profile, raw responses."""
    _, sel = selection()
    return _download(reports.xlsx(sel), XLSX, reports.filename(sel, 'xlsx'))


@bp.route('/ringkasan.csv')
@roles_required(*FIGURE_READERS)
def report_csv():
    """The summary as CSV (with a BOM so spreadsheet programs read UTF-8)."""
    _, sel = selection()
    # 'text/csv': Werkzeug adds '; charset=utf-8' to a text type itself (naming it here sent it twice)
    return _download('\ufeff' + reports.csv_summary(sel), 'text/csv', reports.filename(sel, 'csv'))


@bp.route('/hasil.pdf')
@roles_required(*FIGURE_READERS)
def hasil_pdf():
    """The komponen hasil ZI of a unit and year as a PDF page."""
    _, unit, year = _selection()  # a malformed ?unit= or ?tahun= is a 404 there
    subtree = rolled_up()
    return _download(reports.hasil_pdf(unit, year, subtree=subtree), 'application/pdf',
                     f'komponen-hasil-{unit.slug}-{year}{"" if subtree else "-unit"}.pdf')


@bp.route('/hasil.xlsx')
@roles_required(*FIGURE_READERS)
def hasil_xlsx():
    """The komponen hasil ZI of a unit and year as a workbook with the figures per item and the answers behind them,
    for the ZI evaluators (TPI) to recompute the IPAK and IPKP. It carries respondents' answers: audited."""
    _, unit, year = _selection()  # a malformed ?unit= or ?tahun= is a 404 there
    subtree = rolled_up()
    data, rows = reports.hasil_xlsx(unit, year, subtree=subtree)
    audit_export('analytics.hasil.exported', 'response', 'xlsx', rows)
    return _download(data, XLSX, f'komponen-hasil-{unit.slug}-{year}{"" if subtree else "-unit"}.xlsx')
