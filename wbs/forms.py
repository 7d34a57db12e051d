"""WBS forms. The public ones skip Flask-WTF's session-bound CSRF (see public_csrf.py); staff ones keep it."""
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.forms import Form
from portal.i18n import choices
from portal.ids import db_int

from .workflow import CATEGORIES, DESTINATIONS, OUTCOMES, RETALIATION_RISKS, STATUSES

TEXT = [DataRequired(), Length(max=5000)]
LINE = [DataRequired(), Length(max=300)]
ANSWER_FIELDS = ('kategori', 'apa', 'terlapor_nama', 'terlapor_jabatan', 'terlapor_unit', 'terlapor_unit_lain',
                 'kapan', 'dimana', 'bagaimana', 'kerugian', 'sertakan_identitas', 'identitas_nama',
                 'identitas_kontak')


# WTForms' own message: translated by its catalogue (translations/wtforms), so kept out of the portal's
WTFORMS_RANGE = 'Number must be between %(min)s and %(max)s.'


class Amount(NumberRange):
    """NumberRange whose message prints its bounds the reader's way (Indonesian: 1.000.000.000.000.000)."""

    def __call__(self, form, field):
        data = field.data
        if data is not None and not (self.min <= data <= self.max):
            message = field.gettext(WTFORMS_RANGE)
            raise ValidationError(message % {'min': format_number(self.min), 'max': format_number(self.max)})


class PublicForm(Form):
    """A form on the public WBS pages: no session cookie, the double-submit token is checked by the view."""

    class Meta:
        csrf = False


class ReportForm(PublicForm):
    kategori = SelectField(_l('Jenis pelanggaran'), choices=choices(CATEGORIES, blank='— pilih —'),
                           validators=[DataRequired(message=_l('Pilih jenis pelanggaran.'))])
    apa = TextAreaField(_l('Apa yang terjadi?'), validators=TEXT)
    terlapor_nama = StringField(_l('Siapa yang dilaporkan? (nama)'),
                                validators=[Optional(), Length(max=300)])  # reporters often do not know it
    terlapor_jabatan = StringField(_l('Jabatan terlapor'), validators=[Optional(), Length(max=200)])
    terlapor_unit = SelectField(_l('Unit kerja terlapor'), coerce=db_int, validators=[Optional()])
    terlapor_unit_lain = StringField(_l('Unit kerja lain / keterangan unit'), validators=[Optional(), Length(max=200)])
    kapan = StringField(_l('Kapan terjadi?'), validators=LINE)
    dimana = StringField(_l('Di mana terjadi?'), validators=LINE)
    bagaimana = TextAreaField(_l('Bagaimana caranya (modus)?'), validators=TEXT)
    kerugian = IntegerField(_l('Perkiraan kerugian negara (Rp, boleh dikosongkan)'),
                            validators=[Optional(), Amount(min=0, max=10 ** 15)])
    sertakan_identitas = BooleanField(_l('Saya bersedia menyertakan identitas saya'), default=False)
    identitas_nama = StringField(_l('Nama Anda'), validators=[Optional(), Length(max=200)])
    identitas_kontak = StringField(_l('Kontak Anda (telepon atau email)'), validators=[Optional(), Length(max=200)])
    lampiran = MultipleFileField(_l('Bukti (JPEG, PNG atau PDF; maks. 3 berkas, 5 MB per berkas)'))
    langkah = HiddenField()

    def answers(self):
        """The answers to seal: identity only when the reporter chose to include it."""
        data = {name: self[name].data for name in ANSWER_FIELDS}
        if not data['sertakan_identitas']:
            data['identitas_nama'] = data['identitas_kontak'] = None
        data['terlapor_unit'] = data['terlapor_unit'] or None
        data['terlapor_nama'] = (data['terlapor_nama'] or '').strip() or None
        return data


class ReceiptForm(PublicForm):
    tanda_terima = StringField(_l('Nomor tanda terima (16 angka)'), validators=[DataRequired(), Length(max=40)],
                               render_kw={'inputmode': 'numeric', 'autocomplete': 'off'})  # a phone's number pad


class ReporterMessageForm(PublicForm):
    pesan = TextAreaField(_l('Pesan untuk tim WBS'), validators=[Optional(), Length(max=5000)])
    lampiran = MultipleFileField(_l('Tambah bukti (JPEG, PNG atau PDF)'))


class FactorsForm(Form):
    password = PasswordField(_l('Kata sandi akun Anda'), validators=[DataRequired(), Length(max=200)])
    code = StringField(_l('Kode 6 angka dari aplikasi autentikator'), validators=[DataRequired(), Length(max=10)])


class RecoverForm(FactorsForm):
    recovery = StringField(_l('Kunci pemulihan'), validators=[DataRequired(), Length(max=120)])


class StatusForm(Form):
    status = SelectField(_l('Status baru'), choices=choices(STATUSES))
    outcome = SelectField(_l('Hasil (untuk Selesai)'), choices=choices(OUTCOMES, blank='—'),
                          validate_choice=False)  # checked by workflow.check_transition
    destination = SelectField(_l('Tujuan pelimpahan'), choices=[('', '—')] + list(DESTINATIONS.items()),
                              validate_choice=False, description=_l(
                                  'KPK: kerugian negara paling sedikit Rp1 miliar, atau perkara yang melibatkan '
                                  'penyelenggara negara (lihat jabatan terlapor).'))
    risk = SelectField(_l('Risiko pembalasan terhadap pelapor (untuk Ditelaah)'),
                       choices=choices(RETALIATION_RISKS, blank='—'), validate_choice=False,
                       description=_l('Apakah pelapor (atau saksi) dapat dikenali dan mengalami pembalasan? Dasar '
                                      'penilaian dan langkah perlindungan disimpan sebagai catatan internal.'))
    risk_note = TextAreaField(_l('Dasar penilaian risiko dan langkah perlindungan'), validators=[Optional(),
                                                                                              Length(max=2000)])
    feedback = TextAreaField(_l('Umpan balik untuk pelapor (untuk Selesai atau Dilimpahkan)'),
                             validators=[Optional(), Length(max=2000)], description=_l(
                                 'Dikirim kepada pelapor sebagai pesan tim: hasil penanganan, atau instansi tujuan '
                                 'pelimpahan dan cara pelapor mengikutinya. Jangan sebut hal yang dapat mengenali '
                                 'pelapor atau saksi.'))
    lessons = TextAreaField(_l('Pelajaran dan perbaikan (opsional)'), validators=[Optional(), Length(max=2000)],
                            description=_l('Apa yang perlu diperbaiki agar kejadian serupa tidak terulang; disimpan '
                                           'sebagai catatan internal tim.'))


MESSAGE_MAX = 5000


class TextForm(Form):
    """A team member's message to the reporter or note to the team."""

    text = TextAreaField(_l('Isi'), validators=[
        DataRequired(message=_l('Isi tidak boleh kosong.')),
        Length(max=MESSAGE_MAX, message=_l('Isi paling banyak %(max)d karakter; yang Anda tulis %(length)d karakter. '
                                           'Persingkat lalu kirim lagi.'))])


class MemberForm(Form):
    member_id = SelectField(_l('Anggota tim'), coerce=db_int)


class UndoExclusionForm(Form):
    """Lift one listed exclusion: the member's id (checked against the report's exclusions) and a confirmation."""

    member_id = HiddenField()
    yakin = BooleanField(_l('Saya yakin; ia tetap tidak dapat membuka laporan ini sampai dibagikan lagi'))


class VerifyForm(Form):
    text = TextAreaField(_l('Tempel isi berkas bukti penyampaian'), validators=[DataRequired(), Length(max=5000)])
