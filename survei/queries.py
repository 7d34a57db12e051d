"""Reads for the staff pages: the response filters (unit subtree, layanan, period, flagged) as one SELECT."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.access import scope_filter
from portal.ids import parse_id
from portal.markers import N_
from portal.models import Layanan, Unit, subtree_select

from .models import Response
from .rules import parse_iso_date

STATUSES = {'': N_('Semua'), 'ditandai': N_('Ditandai (semua)'), 'tertunda': N_('Ditandai, tidak dihitung'),
            'disertakan': N_('Ditandai, disertakan'), 'bersih': N_('Tidak ditandai')}


@dataclass
class Filters:
    """The filters of the responses list and the export, read from the query string."""

    unit_id: int | None = None
    layanan_id: int | None = None
    start: date | None = None
    end: date | None = None
    status: str = ''

    @classmethod
    def from_args(cls, args):
        """Parse request.args leniently: a malformed value is ignored, never an error page."""
        def _int(name):
            return parse_id(args.get(name, ''))

        def _date(name):
            try:
                return parse_iso_date(args.get(name, ''))
            except ValueError:
                return None
        status = args.get('status', '')
        return cls(_int('unit'), _int('layanan'), _date('dari'), _date('sampai'), status if status in STATUSES else '')

    def args(self):
        """The filters back as query-string arguments (for pagination and export links)."""
        out = {'unit': self.unit_id, 'layanan': self.layanan_id, 'dari': self.start and self.start.isoformat(),
               'sampai': self.end and self.end.isoformat(), 'status': self.status}
        return {k: v for k, v in out.items() if v}


def responses_select(filters, user=None):
    """SELECT Response rows matching the filters within the user's scope, newest first."""
    q = select(Response).order_by(Response.service_date.desc(), Response.id.desc())
    clause = scope_filter(Response.unit_id, user)
    if clause is not None:
        q = q.where(clause)
    if filters.unit_id:
        q = q.where(Response.unit_id.in_(subtree_select(filters.unit_id)))
    if filters.layanan_id:
        q = q.where(Response.layanan_id == filters.layanan_id)
    if filters.start:
        q = q.where(Response.service_date >= filters.start)
    if filters.end:
        q = q.where(Response.service_date <= filters.end)
    if filters.status == 'ditandai':
        q = q.where(Response.flags.isnot(None))
    elif filters.status == 'tertunda':
        q = q.where(Response.flags.isnot(None), Response.counted.is_(False))
    elif filters.status == 'disertakan':
        q = q.where(Response.flags.isnot(None), Response.counted.is_(True))
    elif filters.status == 'bersih':
        q = q.where(Response.flags.is_(None))
    return q


def units_in_scope(user=None):
    """Units the user may filter on, by name."""
    q = select(Unit).order_by(Unit.name)
    clause = scope_filter(Unit.id, user)
    return q.where(clause) if clause is not None else q


def layanan_in_scope(user=None):
    """Layanan of the units in scope, by unit then name."""
    q = select(Layanan).join(Unit).order_by(Unit.name, Layanan.name)
    clause = scope_filter(Layanan.unit_id, user)
    return q.where(clause) if clause is not None else q
