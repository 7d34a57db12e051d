"""Demo responses for `seed-demo`: a few hundred per Kantor Kemenag across this year, so dashboards have data.

Each office gets its own quality level (some clearly better than others), profiles vary, some leave a saran and a
few responses are flagged (sent too fast) and left out of the indices. Idempotent: an office that already has
responses gets none. Rows go in with Core executemany, like the paper import.
"""
import random
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from portal.extensions import db
from portal.i18n import office_today
from portal.models import Layanan, Unit, utcnow

from . import services
from .models import UNSUR, ItemAnswer, Response, ServiceUserCount
from .rules import EDUCATION, OCCUPATION

SARAN = ('Pelayanan sudah baik, pertahankan.', 'Ruang tunggu perlu ditambah kursi dan kipas angin.',
         'Mohon informasi persyaratan dipasang lebih jelas di depan loket.', 'Petugas ramah dan cepat, terima kasih.',
         'Antrean pagi terlalu panjang, mohon loket ditambah.', 'Parkir sempit dan panas.',
         'Sebaiknya ada layanan daring agar tidak bolak-balik.', 'Waktu penyelesaian lebih lama dari standar.',
         'Toilet perlu lebih bersih.', 'Terima kasih, prosesnya mudah dan gratis.')
# Per-unsur offsets: facilities (u8) and complaint handling (u9) are where offices usually score lowest.
UNSUR_BIAS = (0.1, 0.0, -0.15, 0.35, 0.05, 0.1, 0.15, -0.25, -0.3)


def _score(rng, level, bias):
    x = rng.gauss(level + bias, 0.55)
    return max(1, min(4, round(x)))


def _rows_for(unit, layanan, rng, n, ikm, ipkp, ipak, today):
    start = date(today.year, 1, 1)
    span = max((today - start).days, 1)
    level = rng.uniform(2.9, 3.6)
    weights = [rng.uniform(0.3, 3) for _ in layanan]
    rows = []
    for i in range(n):
        item = rng.choices(layanan, weights)[0]
        day = start + timedelta(days=rng.randrange(span + 1))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        flagged = rng.random() < 0.02
        scores = {u: _score(rng, level, b) for u, b in zip(UNSUR, UNSUR_BIAS, strict=True)}
        rows.append({'unit_id': unit.id, 'layanan_id': item.id, 'service_date': max(day, start),
                     'submitted_at': utcnow(), 'source': 'online' if rng.random() < 0.8 else 'petugas',
                     'token': f'demo-{unit.id}-{i}', 'gender': rng.choice('LP'),
                     'age': max(17, min(75, int(rng.gauss(38, 12)))),
                     'education': rng.choices(EDUCATION, (5, 8, 35, 12, 30, 8, 2))[0],
                     'occupation': rng.choices(OCCUPATION, (20, 15, 20, 15, 12, 12, 6))[0],
                     'saran': rng.choice(SARAN) if rng.random() < 0.15 else None, **scores,
                     'ikm_questionnaire_id': ikm.id, 'ipkp_questionnaire_id': ipkp.id, 'ipak_questionnaire_id': ipak.id,
                     'flags': 'cepat' if flagged else None, 'counted': not flagged, 'reviewed_by_id': None,
                     '_level': level})
    return rows


def seed_demo(root):
    """Add demo responses, IPAK answers and service-user counts for every Kantor Kemenag without responses."""
    services.ensure_questionnaires()
    ikm, ipkp, ipak = services.current('ikm'), services.current('ipkp'), services.current('ipak')
    today = office_today()
    offices = db.session.scalars(select(Unit).where(Unit.kind.in_(('kanwil', 'kankemenag'))).order_by(Unit.id)).all()
    for unit in offices:
        if db.session.scalar(select(func.count(Response.id)).where(Response.unit_id == unit.id)):
            continue
        layanan = db.session.scalars(select(Layanan).where(Layanan.unit_id == unit.id,
                                                           Layanan.active.is_(True))).all()
        if not layanan:
            continue
        rng = random.Random(f'survei-demo-{unit.slug}')  # repeatable demo data, not a secret  # nosec B311
        rows = _rows_for(unit, layanan, rng, rng.randint(220, 420), ikm, ipkp, ipak, today)
        levels = [r.pop('_level') for r in rows]
        ids = db.session.scalars(insert(Response).returning(Response.id, sort_by_parameter_order=True), rows).all()
        answers = [{'response_id': rid, 'item_id': item.id,
                    'score': max(1, min(4, round(rng.gauss(level + 0.3, 0.5))))}
                   for rid, level in zip(ids, levels, strict=True) for item in ipak.items]
        db.session.execute(insert(ItemAnswer.__table__), answers)
        for item in layanan:
            for quarter in range(4):
                start = date(today.year, quarter * 3 + 1, 1)
                if start > today:
                    break
                end = (date(today.year + (quarter == 3), (quarter * 3 + 4) % 12 or 12, 1) - timedelta(days=1))
                db.session.add(ServiceUserCount(layanan_id=item.id, period_start=start, period_end=end,
                                                count=rng.randint(20, 400)))
    db.session.flush()
