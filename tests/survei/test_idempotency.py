"""Twenty requests carrying one idempotency token (a double tap, a flaky network retrying) store one response."""
import threading

from sqlalchemy import func, select

from survei.models import Response
from tests.survei.factories import answers, form_url, make_survey, open_form


def test_twenty_threads_posting_one_token_store_exactly_one_response(app, db):
    unit, layanan = make_survey()
    first = app.test_client()
    hidden = open_form(first, unit, layanan)
    clients = [first] + [app.test_client() for _ in range(19)]
    payloads = [{**hidden, **answers(), 'csrf_token': open_form(c, unit, layanan)['csrf_token']} for c in clients]
    barrier = threading.Barrier(len(clients))
    codes = []

    def post(client, data):
        barrier.wait()
        codes.append(client.post(form_url(unit, layanan), data=data).status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in zip(clients, payloads, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert codes == [303] * 20
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(Response.token)) == hidden['token']
