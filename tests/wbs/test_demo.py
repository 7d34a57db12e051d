"""seed-demo files one anonymous report and prints its receipt; the receipt opens it and hands it to the team."""
import re

from sqlalchemy import func, select

from tests.wbs.factories import make_member, wbs_csrf
from wbs.models import WbsReport


def test_seed_demo_prints_a_receipt_that_opens_the_demo_report(app, runner, db):
    member_id = make_member().id  # an account besides the demo's: the seeder must be told it is meant
    result = runner.invoke(args=['seed-demo', '--paksa'])
    assert result.exit_code == 0, result.output
    receipt = re.search(r'tanda terima ([\d ]{19})', result.output).group(1)
    assert runner.invoke(args=['seed-demo', '--paksa']).exit_code == 0  # a second run files no second report
    assert db.session.scalar(select(func.count(WbsReport.id))) == 1
    client = app.test_client()
    response = client.post('/wbs/masuk', data={'tanda_terima': receipt, 'wbs_csrf': wbs_csrf(client, '/wbs/masuk')})
    assert response.status_code == 302
    assert 'uang map' in client.get('/wbs/laporan').get_data(as_text=True)
    db.session.expire_all()
    assert [a.member_id for a in db.session.scalar(select(WbsReport)).access] == [member_id]
