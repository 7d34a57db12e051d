"""Writes of the analytics part: the komponen hasil inputs (scope-checked, flushed, audited; the caller commits)."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from portal import audit
from portal.access import in_scope
from portal.extensions import db
from portal.markers import N_
from portal.operations import ValidationError

from .models import HasilInput
from .queries import hasil_input

FIELDS = ('capaian_kinerja', 'pengungkit', 'tlhp_percent', 'note')
LIMITS = {'capaian_kinerja': 5, 'pengungkit': 60, 'tlhp_percent': 100}
CENT = Decimal('0.01')  # the columns are Numeric(6, 2)


def _column_value(key, value):
    """A value as its Numeric(6, 2) column keeps it (rounded half up to 0.01), or ValidationError when it is not a
    finite number or rounds outside 0..LIMITS[key] (a NaN would fail the comparison, a 1E-100000 the write)."""
    try:
        value = Decimal(value)
        if not value.is_finite():
            raise InvalidOperation(value)
        value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(N_('Nilai %(key)s harus berupa angka.', key=key)) from None
    if not 0 <= value <= LIMITS[key]:
        raise ValidationError(N_('Nilai %(key)s harus 0 sampai %(max)s.', key=key, max=LIMITS[key]))
    return value.copy_abs() if value.is_zero() else value


def save_hasil_input(unit_id, year, values, user):
    """Create or update the unit's input for the year; only values within their range and a unit in scope."""
    if not in_scope(unit_id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(N_('Tahun tidak valid.'))
    clean = {}
    for key in FIELDS:
        value = values.get(key)
        if key in LIMITS and value is not None:
            value = _column_value(key, value)
        clean[key] = value or None if key == 'note' else value
    row = hasil_input(unit_id, year)
    if row is None:
        row = HasilInput(unit_id=unit_id, year=int(year))
        db.session.add(row)
    changed = {k: (None if v is None else str(v)) for k, v in clean.items() if getattr(row, k) != v}
    for key, value in clean.items():
        setattr(row, key, value)
    row.updated_by_id = getattr(user, 'id', None)
    db.session.flush()
    if changed:
        audit.record('analytics.hasil_input.saved', row, details=dict(changed, unit_id=unit_id, year=int(year)))
    return row
