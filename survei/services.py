"""Writes and the reads they need: seeded questionnaires, a citizen's response, review, counts, new item versions.

Every write flushes and audits; the caller (a view or a command) commits once.
"""
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, timedelta
from itertools import chain
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import bindparam, event, func, insert, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from portal import audit
from portal.extensions import db
from portal.ids import EARLIEST
from portal.markers import N_
from portal.models import AuditEvent, Layanan, Unit, utcnow
from portal.operations import ValidationError

from .importing import parse_csv
from .models import UNSUR, ItemAnswer, LayananSurvey, QuestionItem, Questionnaire, Response, ServiceUserCount
from .questionnaires import DEFAULTS, IDENTITY_COLUMNS, assign_codes, item_identity, item_rows
from .rules import BURST_WINDOW_SECONDS
from .util import local_today


def ensure_questionnaires():
    """Create version 1 of the IKM (locked), IPKP and IPAK questionnaires when missing; idempotent. Flushes."""
    have = set(db.session.scalars(select(Questionnaire.kind)))
    for kind, title, locked, uses_ikm, items in DEFAULTS:
        if kind in have:
            continue
        q = Questionnaire(kind=kind, version=1, title=title, locked=locked, current=True, uses_ikm_answers=uses_ikm)
        q.items = [QuestionItem(**row) for row in item_rows(items)]
        db.session.add(q)
    db.session.flush()


def current(kind):
    """The questionnaire version new responses of `kind` use (seeded on first use)."""
    q = db.session.scalar(select(Questionnaire).where(Questionnaire.kind == kind, Questionnaire.current.is_(True)))
    if q is None:
        ensure_questionnaires()
        q = db.session.scalar(select(Questionnaire).where(Questionnaire.kind == kind,
                                                          Questionnaire.current.is_(True)))
    return q


@dataclass(frozen=True)
class Ref:
    """A unit or layanan as the citizen's pages use it (a plain copy of three columns)."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class SurveyTarget:
    """What a survey URL resolves to: the unit, the layanan, which perception surveys it runs, and the current
    questionnaire versions ({kind: (id, created_at)})."""

    unit: Ref
    layanan: Ref
    run_ipkp: bool
    run_ipak: bool
    versions: dict


def _target_select():
    """unit, layanan, settings and the current questionnaire of each kind, for two bound slugs: built once."""
    q = select(Unit.id, Unit.slug, Unit.name, Layanan.id, Layanan.slug, Layanan.name, LayananSurvey.run_ipkp,
               LayananSurvey.run_ipak).join(Layanan, Layanan.unit_id == Unit.id) \
        .outerjoin(LayananSurvey, LayananSurvey.layanan_id == Layanan.id)
    for kind in ('ikm', 'ipkp', 'ipak'):
        current = aliased(Questionnaire, name=f'q_{kind}')
        q = q.add_columns(current.id, current.created_at).outerjoin(
            current, (current.kind == kind) & current.current.is_(True))
    return q.where(Unit.slug == bindparam('unit_slug'), Layanan.slug == bindparam('layanan_slug'),
                   Unit.active.is_(True), Layanan.active.is_(True))


_TARGET = _target_select()


def find_layanan(unit_slug, layanan_slug):
    """The SurveyTarget of an active survey URL, or None: one query.

    A layanan nobody configured runs both perception surveys (not stored until an admin saves a choice).
    """
    slugs = {'unit_slug': unit_slug, 'layanan_slug': layanan_slug}
    row = db.session.execute(_TARGET, slugs).first()
    if row is not None and None in row[8:]:  # a fresh database: seed the questionnaires, then ask again
        ensure_questionnaires()
        row = db.session.execute(_TARGET, slugs).first()
    if row is None:
        return None
    return SurveyTarget(Ref(*row[0:3]), Ref(*row[3:6]), row[6] is not False, row[7] is not False,
                        {'ikm': row[8:10], 'ipkp': row[10:12], 'ipak': row[12:14]})


# The citizen's pages resolve their URL on every request, so each process remembers what a URL resolved to (found
# or not) for a few seconds. A change made in this process (a unit or layanan renamed or switched off, the surveys
# it runs, a new questionnaire version) forgets everything at once; the other processes see it within TARGET_MAX_AGE.
TARGET_MAX_AGE = 5.0  # seconds
_TARGETS = {}  # (unit slug, layanan slug) -> (monotonic time it was read, SurveyTarget or None)


def find_layanan_cached(unit_slug, layanan_slug, now=None):
    """find_layanan, answered from this process's memory when it was asked less than TARGET_MAX_AGE ago: a
    form's GET touches no database."""
    now = time.monotonic() if now is None else now
    key = (unit_slug, layanan_slug)
    hit = _TARGETS.get(key)
    if hit is not None and now - hit[0] < TARGET_MAX_AGE:
        return hit[1]
    target = find_layanan(unit_slug, layanan_slug)
    if len(_TARGETS) >= 1024:  # unknown URLs are remembered too: keep a scan of random slugs from growing it
        _TARGETS.clear()
    _TARGETS[key] = (now, target)
    return target


def forget_targets():
    """Drop what this process remembers of survey URLs."""
    _TARGETS.clear()


@event.listens_for(Session, 'before_flush')
def _forget_changed_targets(session, _context, _instances):
    if any(isinstance(obj, (Unit, Layanan, LayananSurvey, Questionnaire))
           for obj in chain(session.new, session.dirty, session.deleted)):
        forget_targets()


def settings(layanan):
    """Which surveys the layanan runs besides the IKM (defaults: both perception surveys)."""
    return db.session.get(LayananSurvey, layanan.id) or _default_settings(layanan.id)


def _default_settings(layanan_id):
    # a layanan nobody configured runs both perception surveys (not stored until an admin saves a choice)
    return LayananSurvey(layanan_id=layanan_id, run_ipkp=True, run_ipak=True)


@dataclass(frozen=True)
class ItemView:
    """A question as the form shows it (a plain copy: safe to keep between requests)."""

    id: int
    code: str
    name: str
    question: str
    labels: tuple
    name_en: str = ''  # the admin's English wording; '' where none was given
    question_en: str = ''
    labels_en: tuple = ('', '', '', '')


@dataclass(frozen=True)
class QuestionnaireView:
    """A questionnaire version as the form uses it; `key` (id, created_at) names the version for good."""

    id: int
    kind: str
    uses_ikm_answers: bool
    items: tuple
    key: tuple


# Current versions change only when an admin saves a new IPKP/IPAK set, and a version's items never change, so each
# process keeps their plain copies keyed by (id, created_at) and asks the database one small question per form.
_VIEWS = {}


def current_views(versions):
    """{kind: QuestionnaireView} of the given versions ({kind: (id, created_at)}, as find_layanan reads them); the
    items come from the per-process cache."""
    out = {}
    for kind, key in versions.items():
        key = tuple(key)
        if key not in _VIEWS:
            q = db.session.get(Questionnaire, key[0])
            _VIEWS[key] = QuestionnaireView(q.id, q.kind, q.uses_ikm_answers, tuple(
                ItemView(i.id, i.code, i.name, i.question, tuple(i.labels), *i.english_parts) for i in q.items), key)
        out[kind] = _VIEWS[key]
    return out


@dataclass
class SurveyPage:
    """What the citizen's page asks: the IKM items, extra perception items, and the questionnaires involved."""

    ikm: QuestionnaireView
    ipkp: QuestionnaireView | None
    ipak: QuestionnaireView | None
    sections: list  # [(title, [ItemView])]
    key: tuple  # the versions whose items the sections show: what the rendered questions depend on

    @property
    def codes(self):
        return [item.code for _title, items in self.sections for item in items]

    @property
    def mark(self):
        """The versions shown, as the form sends them back: answers are stored only against the questions shown."""
        return '.'.join(str(version_id) for version_id, _created in self.key)


def survey_page(target):
    """The questions of one layanan's survey (a SurveyTarget from find_layanan), in page order."""
    views = current_views(target.versions)
    ikm = views['ikm']
    ipkp = views['ipkp'] if target.run_ipkp else None
    ipak = views['ipak'] if target.run_ipak else None
    shown = [(N_('Kepuasan terhadap pelayanan'), ikm)]
    if ipkp is not None and not ipkp.uses_ikm_answers and ipkp.items:
        shown.append((N_('Persepsi kualitas pelayanan'), ipkp))
    if ipak is not None and ipak.items:
        shown.append((N_('Persepsi anti korupsi'), ipak))
    return SurveyPage(ikm, ipkp, ipak, [(title, list(view.items)) for title, view in shown],
                      tuple(view.key for _title, view in shown))


def _recent_select():
    """How many online responses one layanan stored since a time, counting no further than a cap: built once."""
    recent = select(Response.id).where(Response.layanan_id == bindparam('layanan_id'), Response.source == 'online',
                                       Response.submitted_at >= bindparam('since')).limit(bindparam('cap'))
    return select(func.count()).select_from(recent.subquery())


_RECENT = _recent_select()


def recent_online_count(layanan_id, now=None, cap=None):
    """Online responses stored on one layanan within the burst window; counting stops at `cap` when given (the
    burst check only needs to know whether the count reached its threshold, however busy the layanan)."""
    since = (now or utcnow()) - timedelta(seconds=BURST_WINDOW_SECONDS)
    return db.session.connection().scalar(_RECENT, {'layanan_id': layanan_id, 'since': since,
                                                    'cap': cap if cap is not None else 2 ** 31 - 1})


def by_token(token):
    """The response stored under an idempotency token, or None."""
    return db.session.scalar(select(Response).where(Response.token == token)) if token else None


# On the tables, not the mapped classes: the ORM's bulk-insert path costs more than the two statements themselves.
# The survey's hot path runs its Core statements on the session's connection (`Session.connection()`: the same
# transaction), which skips the ORM's execution layer that `Session.execute` adds even to a Core statement.
_INSERT_RESPONSE = insert(Response.__table__).returning(Response.__table__.c.id)
_INSERT_ANSWER = insert(ItemAnswer.__table__)


def submit(target, page, values, token, flags):
    """Store a citizen's response; returns (response id, created). A token already stored returns that response's
    id and False.

    Relies on the unique token: a retry, or two concurrent requests with one token, both insert; one wins, the
    other gets an IntegrityError and answers with the winner's id. Commits itself. Two plain INSERTs (the response,
    then its perception answers in one executemany): the hot path of the survey, kept free of the unit of work.
    """
    answers = values['answers']
    row = dict(unit_id=target.unit.id, layanan_id=target.layanan.id, service_date=values['service_date'],
               source='online', token=token, gender=values['gender'], age=values['age'],
               education=values['education'], occupation=values['occupation'], saran=values['saran'],
               ikm_questionnaire_id=page.ikm.id, ipkp_questionnaire_id=page.ipkp.id if page.ipkp else None,
               ipak_questionnaire_id=page.ipak.id if page.ipak else None, flags=','.join(flags) or None,
               counted=not flags, submitted_at=utcnow(), **{code: answers[code] for code in UNSUR})
    try:
        conn = db.session.connection()
        response_id = conn.execute(_INSERT_RESPONSE, row).scalar_one()
        extra = [{'response_id': response_id, 'item_id': item.id, 'score': answers[item.code]}
                 for _t, items in page.sections for item in items if item.code not in UNSUR]
        if extra:
            conn.execute(_INSERT_ANSWER, extra)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(select(Response.id).where(Response.token == token))
        if existing is None:
            raise
        return existing, False
    return response_id, True


def review(response, include, user, note=None):
    """Include a flagged response in the indices or exclude it again; audited."""
    if not response.flags:
        raise ValidationError(N_('Respons ini tidak ditandai; tidak perlu ditinjau.'))
    response.counted = bool(include)
    response.reviewed_by_id = user.id
    audit.record('survei.response.included' if include else 'survei.response.excluded', response,
                 details={'flags': response.flags, 'note': note or None})
    return response


PERIOD_MAX_DAYS = 365  # end - start: a leap year's 366 days at most


def set_service_users(layanan, start, end, count, user, today=None):
    """Enter or correct the number of service users of a layanan in a period; audited."""
    if end < start:
        raise ValidationError(N_('Akhir periode tidak boleh sebelum awal periode.'))
    # A period that has begun (the users are counted, not forecast), from EARLIEST, at most a year long: a typed
    # 9999-12-31 would otherwise overlap, and so refuse, every later period of the layanan.
    if start < EARLIEST or start > (today or local_today()):
        raise ValidationError(N_('Awal periode harus antara %(first)s dan hari ini.', first=EARLIEST.isoformat()))
    if (end - start).days > PERIOD_MAX_DAYS:
        raise ValidationError(N_('Satu periode paling panjang satu tahun (%(days)s hari).', days=PERIOD_MAX_DAYS + 1))
    if count < 0:
        raise ValidationError(N_('Jumlah pengguna layanan tidak boleh negatif.'))
    row = db.session.scalar(select(ServiceUserCount).where(
        ServiceUserCount.layanan_id == layanan.id, ServiceUserCount.period_start == start,
        ServiceUserCount.period_end == end))
    if row is None:  # the same period is corrected in place; one overlapping it would be counted twice in a range
        overlap = db.session.scalar(select(ServiceUserCount).where(
            ServiceUserCount.layanan_id == layanan.id, ServiceUserCount.period_start <= end,
            ServiceUserCount.period_end >= start).order_by(ServiceUserCount.period_start).limit(1))
        if overlap is not None:
            raise ValidationError(N_(
                'Periode ini bertumpang tindih dengan periode %(start)s s.d. %(end)s (%(count)s pengguna) yang sudah '
                'tercatat untuk layanan ini, sehingga pengguna layanan akan terhitung dua kali. Ubah periode itu '
                'atau pilih periode yang tidak bertumpang tindih.', start=overlap.period_start.isoformat(),
                end=overlap.period_end.isoformat(), count=overlap.count))
    old = row.count if row else None
    if row is None:
        row = ServiceUserCount(layanan_id=layanan.id, period_start=start, period_end=end, count=count)
        db.session.add(row)
    row.count, row.entered_by_id, row.entered_at = count, user.id, utcnow()
    db.session.flush()
    audit.record('survei.service_users.set', row, details={'layanan_id': layanan.id, 'start': start.isoformat(),
                                                           'end': end.isoformat(), 'old': old, 'new': count})
    return row


def delete_service_users(row):
    """Delete one entered period of service users; audited with what it held."""
    audit.record('survei.service_users.deleted', row, details={'layanan_id': row.layanan_id,
                                                              'start': row.period_start.isoformat(),
                                                              'end': row.period_end.isoformat(), 'old': row.count})
    db.session.delete(row)
    db.session.flush()


def set_layanan_surveys(layanan, run_ipkp, run_ipak):
    """Choose which perception surveys a layanan runs (the IKM always runs); audited."""
    conf = db.session.get(LayananSurvey, layanan.id)
    if conf is None:
        conf = LayananSurvey(layanan_id=layanan.id)
        db.session.add(conf)
    conf.run_ipkp, conf.run_ipak = bool(run_ipkp), bool(run_ipak)
    db.session.flush()
    audit.record('survei.layanan.updated', object_type='survei_layanan', object_id=layanan.id,
                 details={'run_ipkp': conf.run_ipkp, 'run_ipak': conf.run_ipak})
    return conf


def new_version(kind, items, uses_ikm_answers, user):
    """Save an edited IPKP/IPAK item set as a new current version; responses keep the version they answered."""
    if kind not in ('ipkp', 'ipak'):
        raise ValidationError(N_('Kuesioner IKM terkunci agar IKM setiap unit tetap sebanding.'))
    if kind == 'ipak' and uses_ikm_answers:
        raise ValidationError(N_('Hanya IPKP yang dapat memakai jawaban 9 unsur IKM.'))
    if not uses_ikm_answers and not items:
        raise ValidationError(N_('Isi paling sedikit satu butir pertanyaan.'))
    old = current(kind)
    version = (db.session.scalar(select(func.max(Questionnaire.version)).where(Questionnaire.kind == kind)) or 0) + 1
    old.current = False
    db.session.flush()  # one current version per kind at any moment
    q = Questionnaire(kind=kind, version=version, title=old.title, locked=False, current=True,
                      uses_ikm_answers=bool(uses_ikm_answers))
    if not uses_ikm_answers:
        # a question asked before keeps its code, a new one gets a code never used: answers pool by code
        earlier = [(code, item_identity(dict(zip(IDENTITY_COLUMNS, texts, strict=True))))
                   for code, *texts in db.session.execute(
                       select(QuestionItem.code, *(getattr(QuestionItem, c) for c in IDENTITY_COLUMNS))
                       .join(Questionnaire).where(Questionnaire.kind == kind)
                       .order_by(Questionnaire.version, QuestionItem.position))]
        q.items = [QuestionItem(position=i, code=code, **item) for i, (code, item)
                   in enumerate(zip(assign_codes(kind, earlier, items), items, strict=True), 1)]
    db.session.add(q)
    db.session.flush()
    audit.record('survei.questionnaire.version', q, details={'kind': kind, 'version': version,
                                                             'items': len(q.items), 'uses_ikm_answers':
                                                             q.uses_ikm_answers})
    return q


class ImportFailed(Exception):
    """A paper-survey file with bad rows; `errors` lists (line, message) and nothing was imported."""

    def __init__(self, errors):
        super().__init__(f'{len(errors)} kesalahan')
        self.errors = errors


class ImportRepeated(ImportFailed):
    """A file whose content was imported before; nothing was imported. Plain values of the latest import of it (its
    AuditEvent): `earlier_id`, `local_at` (when, in the office's time zone) and `rows` (None when not recorded)."""

    def __init__(self, earlier):
        self.earlier_id = earlier.id
        self.local_at = office_time(earlier.at)
        self.rows = (earlier.details or {}).get('rows')
        super().__init__([(1, f'berkas yang sama sudah pernah diimpor pada {self.local_at:%Y-%m-%d %H:%M}'
                              f'{f" ({self.rows} respons)" if self.rows else ""}; mengimpornya lagi akan menghitung '
                              'setiap responsnya dua kali')])


IMPORT_CHUNK = 5000
IMPORT_EVENT = 'survei.import'
# AuditEvent.object_type of an import; object_id is rows_digest of what the file says (before this revision: the
# SHA-256 of the file's text, which the details keep as 'sha256')
IMPORT_OBJECT = 'survei_impor'


def file_digest(text):
    """The SHA-256 (hex) of a paper-survey file's text, as the import records it (the BOM already removed, so the
    command and the upload page give one file the same digest)."""
    return hashlib.sha256(text.lstrip('\ufeff').encode('utf-8')).hexdigest()


def rows_digest(rows):
    """The SHA-256 (hex) of what a paper-survey file says: its rows as parsed, each in one canonical form, in any
    order. The same responses saved again with another separator, quoting, line ending, letter case or row order
    give the same digest, so a file re-saved from Excel is still known as imported."""
    canonical = sorted(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False) for row in rows)
    return hashlib.sha256('\n'.join(canonical).encode('utf-8')).hexdigest()


def office_time(moment):
    """A naive UTC datetime in the office's time zone (naive again), for messages."""
    zone = ZoneInfo(current_app.config.get('BABEL_DEFAULT_TIMEZONE') or 'Asia/Jakarta')
    return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def last_import(digest, exclude_id=None):
    """The latest import event of a file with this digest, or None."""
    q = select(AuditEvent).where(AuditEvent.action == IMPORT_EVENT, AuditEvent.object_type == IMPORT_OBJECT,
                                 AuditEvent.object_id == digest)
    if exclude_id is not None:
        q = q.where(AuditEvent.id != exclude_id)
    return db.session.scalar(q.order_by(AuditEvent.id.desc()).limit(1))


def _one_import_at_a_time(digest):
    """Make a concurrent import of the same file wait until this transaction ends. PostgreSQL: an advisory lock on
    the digest (neither transaction sees the other's uncommitted audit event). SQLite needs nothing here: the
    audit event written next takes the database's write lock, which a second import waits for (its busy timeout)."""
    if db.session.get_bind().dialect.name == 'postgresql':
        key = int.from_bytes(bytes.fromhex(digest[:16]), 'big', signed=True)
        db.session.execute(sql('SELECT pg_advisory_xact_lock(:key)'), {'key': key})


def import_csv(text, actor=None, allowed_unit_ids=None, repeat_of=None):
    """Import paper responses from CSV text, all or nothing; returns the number of rows stored. Flushes, audits.

    Rows are checked in Python first, then inserted with one executemany per chunk (Core, no ORM objects), so
    100,000 rows take seconds. allowed_unit_ids: the uploader's scope (None: every unit).

    A file whose content was imported before (the same rows_digest, recorded in the import's audit event, or, for an
    import made before that digest existed, the same text) raises
    ImportRepeated, unless `repeat_of` is the id of its latest import event: the uploader saw that import and
    imports the file again on purpose. A second, identical request (a double click, a retry) then finds the import
    the first one made, newer than `repeat_of`, and is refused too; concurrent ones wait for each other.
    """
    units = {slug.lower(): uid for uid, slug in db.session.execute(select(Unit.id, Unit.slug))}
    layanan = {(uid, slug.lower()): lid for lid, uid, slug in db.session.execute(
        select(Layanan.id, Layanan.unit_id, Layanan.slug))}
    if allowed_unit_ids is not None:
        units = {slug: uid for slug, uid in units.items() if uid in allowed_unit_ids}
    rows, errors = parse_csv(text, units, layanan, today=local_today())
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([(1, 'tidak ada baris data')])
    ikm, ipkp = current('ikm'), current('ipkp')
    raw, digest = file_digest(text), rows_digest(rows)
    _one_import_at_a_time(digest)
    record = audit.record(IMPORT_EVENT, object_type=IMPORT_OBJECT, object_id=digest, actor=actor,
                          details={'rows': len(rows), 'units': len({r['unit_id'] for r in rows}), 'sha256': raw,
                                   'ulang': repeat_of is not None})
    db.session.flush()  # written before the look-up: on SQLite, this is where a concurrent import waits
    # this content's imports, and a file imported before the content digest existed (known by its text's digest)
    found = [e for e in (last_import(digest, exclude_id=record.id), last_import(raw, exclude_id=record.id)) if e]
    earlier = max(found, key=lambda e: e.id, default=None)
    if earlier is not None and earlier.id != repeat_of:
        raise ImportRepeated(earlier)
    now = utcnow()
    common = {'submitted_at': now, 'source': 'import', 'counted': True, 'flags': None,
              'ikm_questionnaire_id': ikm.id, 'ipak_questionnaire_id': None, 'reviewed_by_id': None}
    ipkp_ids = _import_ipkp_ids(ipkp)
    table = Response.__table__
    for start in range(0, len(rows), IMPORT_CHUNK):
        db.session.execute(table.insert(), [dict(common, ipkp_questionnaire_id=ipkp_ids(row['layanan_id']), **row)
                                            for row in rows[start:start + IMPORT_CHUNK]])
    return len(rows)


def _import_ipkp_ids(ipkp):
    """For the paper import: layanan id -> the IPKP questionnaire id an imported row answers, or None.

    The same per-layanan settings as the online form (survey_page): a layanan with IPKP switched off counts no
    response toward the IPKP. A paper row carries only u1..u9, so it answers the IPKP only when the current IPKP
    reuses the IKM answers; a row without a layanan runs both surveys, as an unconfigured layanan does. The IPAK
    (ipak_questionnaire_id) stays None whatever the layanan runs: the file has no IPAK items to answer it with.
    """
    if not ipkp.uses_ikm_answers:
        return lambda _layanan_id: None
    off = set(db.session.scalars(select(LayananSurvey.layanan_id).where(LayananSurvey.run_ipkp.is_(False))))
    return lambda layanan_id: None if layanan_id in off else ipkp.id
