"""The staff inbox query (filters from the query string, scoped to the user) and its CSV/XLSX export."""
import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from portal.exports import safe_row
from portal.ids import parse_id
from portal.models import subtree_select

from .deadlines import today_local
from .models import CATEGORIES, KINDS, PRIVACY, Complaint
from .rules import can_see_identity, visible_clause
from .workflow import STATES


@dataclass
class Filters:
    """The inbox filters, parsed from request.args (unknown values are ignored)."""

    status: str = ''
    kind: str = ''
    category: str = ''
    unit: int = 0
    overdue: bool = False
    start: date | None = None
    end: date | None = None
    sort: str = 'tenggat'

    @classmethod
    def from_args(cls, args):
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ''))
            except ValueError:
                return None
        unit = args.get('unit', '')
        return cls(status=args.get('status', '') if args.get('status') in STATES else '',
                   kind=args.get('kind', '') if args.get('kind') in KINDS else '',
                   category=args.get('category', '') if args.get('category') in CATEGORIES else '',
                   unit=parse_id(unit, 0), overdue=args.get('terlambat') == '1',
                   start=day('dari'), end=day('sampai'),
                   sort='terbaru' if args.get('urut') == 'terbaru' else 'tenggat')

    def args(self):
        """The filters back as query-string arguments (for export links)."""
        out = {'status': self.status, 'kind': self.kind, 'category': self.category, 'unit': self.unit or '',
               'terlambat': '1' if self.overdue else '', 'dari': self.start.isoformat() if self.start else '',
               'sampai': self.end.isoformat() if self.end else '', 'urut': self.sort}
        return {k: v for k, v in out.items() if v}


def inbox_select(filters, user, today=None):
    """The SELECT of the complaints the user may see that match the filters, sorted."""
    today = today or today_local()
    q = select(Complaint)
    clause = visible_clause(Complaint, user)
    if clause is not None:
        q = q.where(clause)
    if filters.status:
        q = q.where(Complaint.status == filters.status)
    if filters.kind:
        q = q.where(Complaint.kind == filters.kind)
    if filters.category:
        q = q.where(Complaint.category == filters.category)
    if filters.unit:
        tree = subtree_select(filters.unit)
        q = q.where(or_(Complaint.unit_id.in_(tree), Complaint.handling_unit_id.in_(tree)))
    if filters.overdue:
        q = q.where(Complaint.next_due < today)
    if filters.start:
        q = q.where(Complaint.filed_on >= filters.start)
    if filters.end:
        q = q.where(Complaint.filed_on <= filters.end)
    if filters.sort == 'terbaru':
        return q.order_by(Complaint.id.desc())
    return q.order_by(Complaint.next_due.is_(None), Complaint.next_due, Complaint.id)


HEADER = ['Nomor', 'Tanggal', 'Jenis', 'Kategori', 'Unit penerima', 'Unit penanganan', 'Layanan', 'Judul',
          'Status', 'Tenggat berikutnya', 'Terlambat', 'Kerahasiaan', 'Nama', 'Email', 'Telepon', 'Tindak lanjut',
          'Selesai', 'Nilai']




def rows(complaints, user, today=None):
    """The export rows; identity only where the user may see it."""
    today = today or today_local()
    for c in complaints:
        show = can_see_identity(c, user)
        hidden = '(anonim)' if c.privacy == 'anonim' else '(dirahasiakan)'
        yield safe_row((
            c.number, c.filed_on.isoformat(), KINDS[c.kind], CATEGORIES[c.category], c.unit.name,
            c.handling_unit.name, c.layanan.name if c.layanan else '', c.title, STATES[c.status],
            c.next_due.isoformat() if c.next_due else '', 'ya' if c.next_due and c.next_due < today else '',
            PRIVACY[c.privacy], c.name if show else hidden, (c.email or '') if show else '',
            (c.phone or '') if show else '', c.follow_up or '', c.closed_on.isoformat() if c.closed_on else '',
            c.rating or ''))


def to_csv(complaints, user):
    """CSV text (UTF-8 with BOM added by the view, for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows(complaints, user))
    return out.getvalue()


def to_xlsx(complaints, user):
    """An XLSX workbook as bytes."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = 'Pengaduan'
    ws.append(HEADER)
    for row in rows(complaints, user):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
