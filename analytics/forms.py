"""Forms of the analytics staff pages."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.forms import Form
from portal.i18n import choices


class ColumnDecimalField(DecimalField):
    """A decimal number as a Numeric(p, 2) column keeps it: plain ASCII digits (an optional sign, a dot, an exponent),
    finite, rounded half up to `places`, and from `minimum` to `maximum` once rounded.

    A plain DecimalField takes 'sNaN' (NumberRange then fails with a ValueError: a 500), 'NaN' and 'Infinity', and
    '1E-100000', which passes NumberRange and then fails on PostgreSQL's write (here it is 0.00); Decimal() also reads
    Arabic-Indic digits and '1_0'. What is not a finite number, or rounds outside the range, is a message in Bahasa
    Indonesia on the field and nothing is saved."""

    def __init__(self, label=None, validators=None, places=2, minimum=0, maximum=None, **kwargs):
        super().__init__(label, validators, places=places, rounding=ROUND_HALF_UP, **kwargs)
        self.minimum, self.maximum = Decimal(minimum), Decimal(maximum)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = None
        text = valuelist[0].strip() if isinstance(valuelist[0], str) else ''
        if not text:  # Optional() stops the chain; DataRequired() says what is missing
            return
        try:
            if not text.isascii() or '_' in text:
                raise InvalidOperation(text)
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation(text)
            value = value.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        except (InvalidOperation, ValueError) as exc:
            raise ValueError(gettext('Isian harus berupa angka, dengan titik sebagai tanda desimal (misalnya 3.75).')
                             ) from exc
        self.data = value.copy_abs() if value.is_zero() else value  # no '-0.00'

    def pre_validate(self, form):
        if self.data is not None and not self.minimum <= self.data <= self.maximum:
            raise ValidationError(gettext('Nilai harus dari %(min)s sampai %(max)s (dibulatkan ke %(places)s angka '
                                          'desimal).', min=self.minimum, max=self.maximum, places=self.places))


class HasilInputForm(Form):
    """The komponen hasil values an admin enters per unit and year (PermenPANRB 90/2021 jo 5/2024)."""

    capaian_kinerja = ColumnDecimalField(_l('Capaian kinerja (poin, 0-5)'), maximum=5, validators=[Optional()])
    pengungkit = ColumnDecimalField(_l('Komponen pengungkit (poin, 0-60)'), maximum=60, validators=[Optional()])
    tlhp_percent = ColumnDecimalField(_l('Penyelesaian TLHP (%, 0-100)'), maximum=100, validators=[Optional()])
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
    """Update an action's status and its evidence note, and, when given, correct its text, owner or due date."""

    status = SelectField(_l('Status'), choices=_status_choices)
    evidence = TextAreaField(_l('Catatan bukti'), validators=[Optional(), Length(max=1000)])
    action = TextAreaField(_l('Tindakan perbaikan'), validators=[Optional(), Length(max=500)])
    owner = StringField(_l('Penanggung jawab'), validators=[Optional(), Length(max=200)])
    due_date = DateField(_l('Tenggat'), validators=[Optional()])


class PublishForm(Form):
    """Publish or withdraw a unit's results for a period (the period travels in the URL)."""
