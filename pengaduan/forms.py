"""Forms: the public complaint form, the tracking forms and the staff forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from portal.forms import Form
from portal.i18n import choices
from portal.ids import db_int

from .codes import new_token
from .deadlines import today_local
from .models import CATEGORIES, KINDS, RATING_MAX
from .workflow import REJECTION_REASONS

NOTE_MAX = 5000  # the longest note, follow-up or answer a step takes

PRIVACY_CHOICES = [
    ('biasa', _l('Biasa: Nama dan kontak Anda terlihat oleh petugas yang menangani pengaduan dan pimpinan unitnya.')),
    ('rahasia', _l('Rahasia: Nama dan kontak Anda hanya terlihat oleh petugas penerima pengaduan, tidak oleh unit '
                   'yang ditugasi menindaklanjuti.')),
    ('anonim', _l('Anonim: Kami tidak menyimpan nama maupun telepon Anda. Email boleh diisi hanya untuk menerima '
                  'kabar: tidak terlihat oleh petugas dan dihapus saat pengaduan ditutup. Simpan kode pelacakan '
                  'baik-baik.')),
]


class ComplaintForm(Form):
    kind = RadioField(_l('Jenis'), choices=choices(KINDS), default='pengaduan', validators=[InputRequired()])
    category = SelectField(_l('Kategori'), choices=choices(CATEGORIES, blank='— pilih —'),
                           validators=[DataRequired(message=_l('Pilih kategori.'))])
    unit = SelectField(_l('Unit yang diadukan'), validate_choice=False)
    layanan = SelectField(_l('Layanan'), validate_choice=False)
    title = StringField(_l('Judul singkat'), validators=[DataRequired(), Length(min=5, max=200)])
    text = TextAreaField(_l('Uraian'), validators=[DataRequired(), Length(min=20, max=5000)])
    place = StringField(_l('Tempat kejadian'), validators=[Optional(), Length(max=200)])
    event_date = DateField(_l('Tanggal kejadian'), validators=[Optional()])
    terlapor = StringField(_l('Pihak yang diadukan (bila ada)'), validators=[Optional(), Length(max=200)])
    lampiran1 = FileField(_l('Lampiran 1'))
    lampiran2 = FileField(_l('Lampiran 2'))
    lampiran3 = FileField(_l('Lampiran 3'))
    privacy = RadioField(_l('Kerahasiaan identitas'), choices=PRIVACY_CHOICES, default='biasa',
                         validators=[InputRequired()])
    name = StringField(_l('Nama'), validators=[Length(max=200)])  # required unless anonim: validate_name
    email = EmailField(_l('Email'), validators=[Optional(), Email(message=_l('Alamat email tidak valid.')),
                                                Length(max=200)])
    phone = StringField(_l('Telepon/WhatsApp'), validators=[Length(max=40)])
    consent = BooleanField(_l('Saya menyatakan isi pengaduan ini benar dan menyetujui data ini diproses untuk '
                              'menangani pengaduan.'), validators=[DataRequired(message=_l('Centang persetujuan.'))])
    website = StringField('Website', validators=[Optional()])  # honeypot: people leave it empty
    token = HiddenField(default=new_token)  # the form sent twice files once (services.submit_once)

    def validate_event_date(self, field):
        if field.data and field.data > today_local():
            raise ValidationError(_l('Tanggal kejadian tidak boleh di masa depan.'))

    def validate_name(self, field):
        if self.privacy.data != 'anonim' and not (field.data or '').strip():
            raise ValidationError(_l('Isi nama Anda, atau pilih anonim.'))

    def validate_phone(self, field):
        if self.privacy.data != 'anonim' and not (field.data or '').strip() and not (self.email.data or '').strip():
            raise ValidationError(_l('Isi email atau telepon agar kami dapat menghubungi Anda, atau pilih anonim.'))


class TrackForm(Form):
    kode = StringField(_l('Kode pelacakan'), validators=[DataRequired(), Length(max=40)],
                       render_kw={'autocapitalize': 'characters', 'autocomplete': 'off', 'spellcheck': 'false'})


class ComplainantActionForm(Form):
    kode = HiddenField(validators=[DataRequired()])
    aksi = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l('Keterangan'), validators=[Optional(), Length(max=NOTE_MAX)])
    lampiran1 = FileField(_l('Lampiran (bila ada)'))
    rating = RadioField(_l('Nilai'), choices=[(str(i), str(i)) for i in range(1, RATING_MAX + 1)],
                        validators=[Optional()])


class TransitionForm(Form):
    action = HiddenField(validators=[DataRequired()])
    note = TextAreaField(_l('Keterangan'), validators=[Optional(), Length(max=NOTE_MAX, message=_l(
        'Keterangan paling banyak %(max)d karakter; yang Anda tulis %(length)d karakter. Persingkat lalu kirim '
        'lagi.'))])
    unit_id = SelectField(_l('Unit tujuan'), coerce=db_int, validate_choice=False, default=0)
    officer_id = SelectField(_l('Petugas (opsional)'), coerce=db_int, validate_choice=False, default=0)
    reason = SelectField(_l('Alasan'), choices=choices(REJECTION_REASONS, blank='—'), validate_choice=False)
    referral = StringField(_l('Disarankan menghubungi'), validators=[Optional(), Length(max=300)])


class NoteForm(Form):
    note = TextAreaField(_l('Catatan internal'), validators=[
        DataRequired(message=_l('Catatan kosong.')),
        Length(max=NOTE_MAX, message=_l('Catatan paling banyak %(max)d karakter; yang Anda tulis %(length)d karakter. '
                                        'Persingkat lalu simpan lagi.'))])


class AssignForm(Form):
    officer_id = SelectField(_l('Petugas'), coerce=db_int, validate_choice=False)


class CutiForm(Form):
    day = DateField(_l('Tanggal'), validators=[InputRequired()])  # not DataRequired: '2026-02-30' says so
    name = StringField(_l('Keterangan'), validators=[DataRequired(), Length(max=120)])
