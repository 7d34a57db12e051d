"""Publishing a unit's results for a period, and the improvement plan (RTL): writes (scope-checked, flushed, audited;
the caller commits) and the reads of these two tables."""
from datetime import date

from sqlalchemy import select

from portal import audit
from portal.access import in_scope
from portal.clock import local_today
from portal.extensions import db
from portal.ids import EARLIEST
from portal.markers import N_
from portal.models import Unit, utcnow
from portal.operations import ValidationError

from . import queries
from .ikm import UNSUR, UNSUR_NAMES
from .models import RTL_STATUSES, PublishedPeriod, RtlAction

RTL_YEARS_AHEAD = 5  # a follow-up plan's deadline: within the next five years (a ZI cycle is shorter)


# ---------------------------------------------------------------- published periods
def snapshot(unit, period):
    """The figures published for a unit (with its subtree) and period: IkmSummary.as_dict() plus names and period."""
    summary = queries.ikm_summary(unit.id, period.start, period.end)
    figures = summary.as_dict()
    figures.update(unit_name=unit.name, period_label=str(period.label), start=period.start.isoformat(),
                   end=period.end.isoformat(), names=dict(UNSUR_NAMES))
    return summary, figures


def publish(unit, period, user, *, check_scope=True):
    """Publish (or refresh) the unit's results for the period on /hasil. Refused without respondents or IKM.
    check_scope=False only for the demo seeder (no signed-in user)."""
    if check_scope and not in_scope(unit.id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    today = local_today()
    if period.start > today:
        raise ValidationError(N_('Periode ini belum dimulai: belum ada yang dapat diterbitkan.'))
    if period.kind == 'rentang' and period.end > today:  # a running year or triwulan may be published, with its date
        raise ValidationError(N_('Rentang tanggal yang diterbitkan harus berakhir paling lambat hari ini.'))
    summary, figures = snapshot(unit, period)
    if summary.result.n == 0 or summary.result.ikm is None:
        raise ValidationError(N_('Belum ada IKM untuk unit dan periode ini: tidak ada yang dapat diterbitkan.'))
    row = published(unit.id, period.key)
    if row is None:
        row = PublishedPeriod(unit_id=unit.id, period_key=period.key)
        db.session.add(row)
    # the label is stored in Bahasa Indonesia, as written; pages show it from the key (analytics.display.period_label)
    row.period_label, row.start, row.end, row.figures = str(period.label), period.start, period.end, figures
    row.published_by_id = getattr(user, 'id', None)
    row.published_at = utcnow()
    db.session.flush()
    audit.record('analytics.hasil.published', row, details={'unit_id': unit.id, 'period': period.key,
                                                            'n': figures['n'], 'konversi': figures['konversi']})
    return row


def unpublish(unit, period_key, user):
    """Take a published period off /hasil; its RTL stays."""
    if not in_scope(unit.id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    row = published(unit.id, period_key)
    if row is None:
        raise ValidationError(N_('Periode ini belum diterbitkan.'))
    db.session.delete(row)
    db.session.flush()
    audit.record('analytics.hasil.unpublished', object_type='analytics_published', object_id=str(row.id),
                 details={'unit_id': unit.id, 'period': period_key})


def published(unit_id, period_key):
    """The PublishedPeriod of a unit and period key, or None."""
    return db.session.scalar(select(PublishedPeriod).where(PublishedPeriod.unit_id == unit_id,
                                                           PublishedPeriod.period_key == period_key))


def out_of_date(row, summary):
    """True when the published figures (row.figures) are no longer what the period computes now (responses added,
    included or excluded since): the public page still shows the approved snapshot until it is refreshed."""
    now = summary.as_dict()
    return any(row.figures.get(key) != now.get(key) for key in ('n', 'konversi', 'mutu'))


def published_all(unit_id=None):
    """Every published period (optionally of one unit), by unit name then newest period first."""
    q = select(PublishedPeriod).join(Unit, Unit.id == PublishedPeriod.unit_id).where(Unit.active.is_(True))
    if unit_id is not None:
        q = q.where(PublishedPeriod.unit_id == unit_id)
    return db.session.scalars(q.order_by(Unit.name, PublishedPeriod.end.desc(), PublishedPeriod.start)).all()


# ---------------------------------------------------------------- RTL
def _clean(values):
    action = (values.get('action') or '').strip()
    owner = (values.get('owner') or '').strip()
    unsur = values.get('unsur') or None
    status = values.get('status') or 'direncanakan'
    due = values.get('due_date')
    if not action or not owner:
        raise ValidationError(N_('Tindakan dan penanggung jawab wajib diisi.'))
    if unsur is not None and unsur not in UNSUR:
        raise ValidationError(N_('Unsur tidak dikenal.'))
    if status not in RTL_STATUSES:
        raise ValidationError(N_('Status tidak dikenal.'))
    if not isinstance(due, date):
        raise ValidationError(N_('Tenggat wajib diisi.'))
    last = date(local_today().year + RTL_YEARS_AHEAD, 12, 31)
    if not EARLIEST <= due <= last:  # 0001-01-01 or 9999-12-31: a slip of the keyboard
        raise ValidationError(N_('Tenggat harus antara %(first)s dan %(last)s.', first=EARLIEST.isoformat(),
                                 last=last.isoformat()))
    evidence = (values.get('evidence') or '').strip() or None
    return {'action': action[:500], 'owner': owner[:200], 'unsur': unsur, 'status': status, 'due_date': due,
            'evidence': evidence[:1000] if evidence else None}


def add_rtl(unit_id, period_key, values, user, *, check_scope=True):
    """Add an action to the unit's RTL for the period (check_scope=False only for the demo seeder)."""
    if check_scope and not in_scope(unit_id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    row = RtlAction(unit_id=unit_id, period_key=period_key, updated_by_id=getattr(user, 'id', None),
                    **_clean(values))
    db.session.add(row)
    db.session.flush()
    audit.record('analytics.rtl.added', row, details={'unit_id': unit_id, 'period': period_key, 'unsur': row.unsur,
                                                      'status': row.status})
    return row


def update_rtl(row, values, user):
    """Change an action's status and evidence note (and, when given, its other fields)."""
    if not in_scope(row.unit_id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    merged = {k: getattr(row, k) for k in ('action', 'owner', 'unsur', 'status', 'due_date', 'evidence')}
    merged.update({k: v for k, v in values.items() if v is not None or k == 'evidence'})
    clean = _clean(merged)
    changed = {k: str(v) for k, v in clean.items() if getattr(row, k) != v}
    for k, v in clean.items():
        setattr(row, k, v)
    row.updated_by_id = getattr(user, 'id', None)
    db.session.flush()
    if changed:
        audit.record('analytics.rtl.updated', row, details=changed)
    return row


def delete_rtl(row, user):
    """Delete an action (entered by mistake); audited with what it said."""
    if not in_scope(row.unit_id, user):
        raise ValidationError(N_('Unit tidak ditemukan dalam cakupan Anda.'))
    audit.record('analytics.rtl.deleted', row, details={'unit_id': row.unit_id, 'period': row.period_key,
                                                        'unsur': row.unsur, 'action': row.action, 'owner': row.owner,
                                                        'status': row.status})
    db.session.delete(row)
    db.session.flush()


def rtl_for(unit_id, period_key):
    """The unit's RTL actions for a period, by due date."""
    return db.session.scalars(select(RtlAction).where(RtlAction.unit_id == unit_id,
                                                      RtlAction.period_key == period_key)
                              .order_by(RtlAction.due_date, RtlAction.id)).all()
