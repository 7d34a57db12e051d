"""Text that shows nothing (only spaces and invisible characters: zero-width space, bidi overrides, word joiner, the
BOM, other format characters, fillers) is no text: a required field refuses it, an optional one stores nothing.
One rule (portal.text.is_blank), applied by the base form to every text field."""
import pytest
from sqlalchemy import func, select

from pengaduan.models import Complaint
from portal.models import Unit
from portal.text import blank_to_empty, is_blank
from tests.factories import login_as, post_form
from tests.pengaduan.factories import make_tree
from tests.pengaduan.test_lifecycle import _form

INVISIBLE = ['\u200b', '\u202e', '\u2060', '\ufeff', '\u00ad', '\u200e\u200f', '\u2066\u2069', '\u180e', '\u3164',
             '\u115f\u1160', '\u2800', '\u034f', '\ufe0f', '\U000e0041', ' \t\r\n\u00a0\u3000\u2028', '\x01\x7f']


@pytest.mark.parametrize('text', INVISIBLE + ['', None, ' \u200b \u202e\u2060\ufeff '])
def test_invisible_only_text_is_blank(text):
    assert is_blank(text)
    assert blank_to_empty(text) == ('' if text is not None else None)


@pytest.mark.parametrize('text', ['a', '\u200ba', 'x\u202e', '٣', '—', '😀', '\u0301', 'ـ', '\ue000'])
def test_text_with_something_to_see_is_not_blank(text):
    assert not is_blank(text) and blank_to_empty(text) == text
    assert not is_blank(7) and blank_to_empty(7) == 7


def test_the_public_complaint_form_refuses_an_invisible_title_and_text(app, client, db):
    t = make_tree()
    response = post_form(client, '/pengaduan/baru', _form(t, title='\u200b' * 10, text='\u202e\u2060' * 20))
    assert response.status_code == 400 and response.get_data(as_text=True).count('Isian ini wajib diisi.') >= 2
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0
    # an optional field of invisible characters is stored as nothing
    assert post_form(client, '/pengaduan/baru', _form(t, place='\u200b\ufeff', terlapor='\u2060')).status_code == 302
    complaint = db.session.scalar(select(Complaint))
    assert complaint.place is None and complaint.terlapor is None


def test_a_staff_form_refuses_an_invisible_name(app, client, db):
    login_as(client, 'superadmin')
    response = post_form(client, '/staf/unit/baru', {'name': '\u200b\u202e', 'slug': 'unit-baru', 'kind': 'kua',
                                                     'parent_id': '0'})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'Isian ini wajib diisi.' in page
    assert db.session.scalar(select(Unit).where(Unit.slug == 'unit-baru')) is None
