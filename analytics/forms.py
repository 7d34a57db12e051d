"""Forms of the analytics staff pages."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.forms import Form
from portal.i18n import choices


class HasilInputForm(Form):
    """The komponen hasil values an admin enters per unit and year (PermenPANRB 90/2021 jo 5/2024)."""

    capaian_kinerja = DecimalField(_l('Capaian kinerja (poin, 0-5)'), places=2,
                                   validators=[Optional(), NumberRange(min=0, max=5)])
    pengungkit = DecimalField(_l('Komponen pengungkit (poin, 0-60)'), places=2,
                              validators=[Optional(), NumberRange(min=0, max=60)])
    tlhp_percent = DecimalField(_l('Penyelesaian TLHP (%, 0-100)'), places=2,
                                validators=[Optional(), NumberRange(min=0, max=100)])
    note = StringField(_l('Catatan / sumber data'), validators=[Optional(), Length(max=500)])


def _unsur_choices():
    from .ikm import UNSUR, UNSUR_NAMES
    return [('', _l('Umum (bukan satu unsur)'))] + [(u, f'{u.upper()} {gettext(UNSUR_NAMES[u])}') for u in UNSUR]


def _status_choices():
    from .models import RTL_STATUSES
    return choices(RTL_STATUSES)


class RtlForm(Form):
    """One improvement action (rencana tindak lanjut) for a low unsur."""

    unsur = SelectField(_l('Unsur'), choices=_unsur_choices, validators=[Optional()])
    action = TextAreaField(_l('Tindakan perbaikan'), validators=[DataRequired(), Length(max=500)])
    owner = StringField(_l('Penanggung jawab'), validators=[DataRequired(), Length(max=200)])
    due_date = DateField(_l('Tenggat'), validators=[DataRequired()])
    status = SelectField(_l('Status'), choices=_status_choices)
    evidence = TextAreaField(_l('Catatan bukti'), validators=[Optional(), Length(max=1000)])


class RtlStatusForm(Form):
    """Update an action's status and its evidence note."""

    status = SelectField(_l('Status'), choices=_status_choices)
    evidence = TextAreaField(_l('Catatan bukti'), validators=[Optional(), Length(max=1000)])


class PublishForm(Form):
    """Publish or withdraw a unit's results for a period (the period travels in the URL)."""
