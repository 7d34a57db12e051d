"""seed-demo gives every Kantor Kemenag a few hundred varied responses across this year, a few of them flagged."""
from datetime import date

from sqlalchemy import func, select

from portal.models import Unit
from survei.models import ItemAnswer, Response, ServiceUserCount


def test_seed_demo_creates_realistic_responses_once(runner, db):
    assert runner.invoke(args=['seed-demo']).exit_code == 0
    per_unit = dict(db.session.execute(select(Unit.slug, func.count(Response.id)).join(Response)
                                       .group_by(Unit.slug)).all())
    assert len(per_unit) == 11 and all(200 <= n <= 450 for n in per_unit.values())
    total = sum(per_unit.values())
    flagged = db.session.scalar(select(func.count(Response.id)).where(Response.flags.isnot(None)))
    assert 0 < flagged < total * 0.05
    assert db.session.scalar(select(func.count(Response.id)).where(Response.flags.isnot(None), Response.counted)) == 0
    assert db.session.scalar(select(func.count(Response.id)).where(Response.saran.isnot(None))) > total * 0.05
    assert db.session.scalar(select(func.count(func.distinct(Response.education)))) >= 5
    assert db.session.scalar(select(func.min(Response.service_date))) >= date(date.today().year, 1, 1)
    assert db.session.scalar(select(func.count()).select_from(ItemAnswer)) == total * 5
    assert db.session.scalar(select(func.count(ServiceUserCount.id))) > 0
    assert runner.invoke(args=['seed-demo']).exit_code == 0
    assert db.session.scalar(select(func.count(Response.id))) == total
