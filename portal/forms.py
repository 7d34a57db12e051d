"""The base of every form in the app, and the forms of the shared staff pages."""
import functools
import os

from babel.support import Translations
from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import BooleanField, EmailField, FileField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp, ValidationError

from .ids import db_int
from .models import UNIT_KINDS
from .text import blank_to_empty, strip_controls

# WTForms ships no Indonesian messages ("This field is required."): ours are in translations/wtforms/.
WTFORMS_TRANSLATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'translations',
                                    'wtforms')


class Form(FlaskForm):
    """Every form of the app derives from this one.

    - An uploaded file part reaches only the form's file fields. Flask-WTF hands the files and the text fields to
      the form together, so a forged request that sends a text field as a file part would give a text field a file
      object to validate (a 500); here that field is simply missing, and its validators say so (a 4xx).
    - WTForms' own messages ("This field is required.") are shown in Indonesian when the page is.
    - Text fields drop control characters (portal.text.strip_controls) before they are validated, and text that
      shows nothing (only spaces and invisible characters such as U+200B or U+202E: portal.text.is_blank) counts as
      empty: a required field refuses it, an optional one stores nothing.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            data = super().wrap_formdata(form, formdata)
            if isinstance(data, CombinedMultiDict):
                names = {name for name, field in form._fields.items() if isinstance(field, FileField)}
                files = MultiDict([(name, value) for name, value in request.files.items(multi=True) if name in names])
                data = CombinedMultiDict((files, request.form)) if files else request.form
            return data

        def bind_field(self, form, unbound_field, options):
            # every text field drops control characters and takes invisible-only text as empty (portal.text),
            # passwords excepted: they are taken as typed
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                options = dict(options, filters=(*unbound_field.kwargs.get('filters', ()), strip_controls,
                                                 blank_to_empty))
            return super().bind_field(form, unbound_field, options)

        def get_translations(self, form):
            if str(get_locale() or '') == 'id':
                return _indonesian()
            return super().get_translations(form)


@functools.cache
def _indonesian():
    """WTForms' messages in Indonesian, loaded once per process."""
    return Translations.load(WTFORMS_TRANSLATIONS, ['id'], domain='wtforms')

SLUG = Regexp(r'^[a-z0-9]+(?:-[a-z0-9]+)*$', message=_l('Hanya huruf kecil, angka dan tanda hubung.'))


class LoginForm(Form):
    email = EmailField(_l('Email'), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(_l('Kata sandi'), validators=[DataRequired(), Length(max=200)])


class PasswordForm(Form):
    current = PasswordField(_l('Kata sandi saat ini'), validators=[DataRequired()])
    new = PasswordField(_l('Kata sandi baru'), validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField(_l('Ulangi kata sandi baru'),
                            validators=[DataRequired(), EqualTo('new', message=_l('Kedua kata sandi tidak sama.'))])


# The kinds of office are names in Indonesian administration, shown as such; only "other" is a word to translate.
KIND_LABELS = {'kanwil': 'Kanwil', 'kankemenag': 'Kankemenag', 'kua': 'KUA', 'madrasah': 'Madrasah',
               'lainnya': _l('Lainnya')}


class UnitForm(Form):
    name = StringField(_l('Nama'), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l('Slug (alamat)'), validators=[DataRequired(), Length(max=80), SLUG])
    kind = SelectField(_l('Jenis'), choices=[(k, KIND_LABELS.get(k, k)) for k in UNIT_KINDS])
    parent_id = SelectField(_l('Induk'), coerce=db_int)
    address = StringField(_l('Alamat'), validators=[Optional(), Length(max=300)])
    head_email = EmailField(_l('Email kepala unit'), validators=[Optional(), Email(), Length(max=200)])
    maklumat = TextAreaField(_l('Maklumat pelayanan'), validators=[Optional(), Length(max=5000)])
    active = BooleanField(_l('Aktif'), default=True)


class LayananForm(Form):
    unit_id = SelectField(_l('Unit'), coerce=db_int)
    name = StringField(_l('Nama layanan'), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l('Slug (alamat)'), validators=[DataRequired(), Length(max=80), SLUG])
    persyaratan = TextAreaField(_l('Persyaratan'), validators=[Optional(), Length(max=5000)])
    prosedur = TextAreaField(_l('Prosedur'), validators=[Optional(), Length(max=5000)])
    waktu = StringField(_l('Waktu penyelesaian'), validators=[Optional(), Length(max=200)])
    biaya = StringField(_l('Biaya/tarif'), validators=[Optional(), Length(max=200)])
    produk = StringField(_l('Produk layanan'), validators=[Optional(), Length(max=300)])
    active = BooleanField(_l('Aktif'), default=True)


WTFORMS_INVALID_EMAIL = 'Invalid email address.'  # WTForms' own message: its catalogue translates it


def is_staff_email(address):
    """True for an address a staff account may have: well formed, the .test names of the demo accounts
    (admin@demo.test) included, which email_validator refuses as special-use by default. The user form and
    `flask create-admin` check with it."""
    import email_validator
    try:
        email_validator.validate_email(address or '', check_deliverability=False, test_environment=True)
    except email_validator.EmailNotValidError:
        return False
    return True


class StaffEmail(Email):
    """Email() as is_staff_email decides it, so that a demo account can be edited. Only staff accounts, which an
    admin types."""

    def __call__(self, form, field):
        if not is_staff_email(field.data):
            raise ValidationError(self.message or field.gettext(WTFORMS_INVALID_EMAIL))


class UserForm(Form):
    name = StringField(_l('Nama'), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l('Email'), validators=[DataRequired(), StaffEmail(), Length(max=200)])
    # a new user's role and unit start blank and must be chosen: a form filled in a hurry gives no superadmin and no
    # whole-tree scope by default
    role = SelectField(_l('Peran'), validators=[DataRequired(message=_l('Pilih peran pengguna ini.'))])
    unit_id = SelectField(_l('Unit'), coerce=lambda value: None if value in ('', None) else db_int(value))
    password = PasswordField(_l('Kata sandi'), validators=[Optional(), Length(min=10)])  # the view labels a new one
    active = BooleanField(_l('Aktif'), default=True)
