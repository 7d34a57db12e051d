"""Forms of the shared staff pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from .models import UNIT_KINDS

SLUG = Regexp(r'^[a-z0-9]+(?:-[a-z0-9]+)*$', message=_l('Hanya huruf kecil, angka dan tanda hubung.'))


class LoginForm(FlaskForm):
    email = EmailField(_l('Email'), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l('Kata sandi'), validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l('Kata sandi saat ini'), validators=[DataRequired()])
    new = PasswordField(_l('Kata sandi baru'), validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(_l('Ulangi kata sandi baru'),
                            validators=[DataRequired(), EqualTo('new', message=_l('Kedua kata sandi tidak sama.'))])


# The kinds of office are names in Indonesian administration, shown as such; only "other" is a word to translate.
KIND_LABELS = {'kanwil': 'Kanwil', 'kankemenag': 'Kankemenag', 'kua': 'KUA', 'madrasah': 'Madrasah',
               'lainnya': _l('Lainnya')}


class UnitForm(FlaskForm):
    name = StringField(_l('Nama'), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l('Slug (alamat)'), validators=[DataRequired(), Length(max=80), SLUG])
    kind = SelectField(_l('Jenis'), choices=[(k, KIND_LABELS.get(k, k)) for k in UNIT_KINDS])
    parent_id = SelectField(_l('Induk'), coerce=int)
    address = StringField(_l('Alamat'), validators=[Optional(), Length(max=300)])
    head_email = EmailField(_l('Email kepala unit'), validators=[Optional(), Email(), Length(max=200)])
    maklumat = TextAreaField(_l('Maklumat pelayanan'), validators=[Optional(), Length(max=5000)])
    active = BooleanField(_l('Aktif'), default=True)


class LayananForm(FlaskForm):
    unit_id = SelectField(_l('Unit'), coerce=int)
    name = StringField(_l('Nama layanan'), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l('Slug (alamat)'), validators=[DataRequired(), Length(max=80), SLUG])
    persyaratan = TextAreaField(_l('Persyaratan'), validators=[Optional(), Length(max=5000)])
    prosedur = TextAreaField(_l('Prosedur'), validators=[Optional(), Length(max=5000)])
    waktu = StringField(_l('Waktu penyelesaian'), validators=[Optional(), Length(max=200)])
    biaya = StringField(_l('Biaya/tarif'), validators=[Optional(), Length(max=200)])
    produk = StringField(_l('Produk layanan'), validators=[Optional(), Length(max=300)])
    active = BooleanField(_l('Aktif'), default=True)


class UserForm(FlaskForm):
    name = StringField(_l('Nama'), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l('Email'), validators=[DataRequired(), Email(), Length(max=200)])
    role = SelectField(_l('Peran'))
    unit_id = SelectField(_l('Unit'), coerce=int)
    password = PasswordField(_l('Kata sandi (kosongkan bila tidak diubah)'), validators=[Optional(), Length(min=10)])
    active = BooleanField(_l('Aktif'), default=True)
