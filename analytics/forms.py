"""Forms of the analytics staff pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, StringField
from wtforms.validators import Length, NumberRange, Optional


class HasilInputForm(FlaskForm):
    """The komponen hasil values an admin enters per unit and year (PermenPANRB 90/2021 jo 5/2024)."""

    capaian_kinerja = DecimalField(_l('Capaian kinerja (poin, 0-5)'), places=2,
                                   validators=[Optional(), NumberRange(min=0, max=5)])
    pengungkit = DecimalField(_l('Komponen pengungkit (poin, 0-60)'), places=2,
                              validators=[Optional(), NumberRange(min=0, max=60)])
    tlhp_percent = DecimalField(_l('Penyelesaian TLHP (%, 0-100)'), places=2,
                                validators=[Optional(), NumberRange(min=0, max=100)])
    note = StringField(_l('Catatan / sumber data'), validators=[Optional(), Length(max=500)])
