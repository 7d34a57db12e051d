"""Forms of the survei staff pages (the citizen's form is plain HTML checked by survei.rules)."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange

from portal.forms import Form
from portal.ids import db_int


class ServiceUsersForm(Form):
    layanan_id = SelectField(_l('Layanan'), coerce=db_int)
    period_start = DateField(_l('Awal periode'), validators=[InputRequired()])
    period_end = DateField(_l('Akhir periode'), validators=[InputRequired()])
    count = IntegerField(_l('Jumlah pengguna layanan'), validators=[InputRequired(), NumberRange(min=0, max=10**7)])


class ImportForm(Form):
    file = FileField(_l('Berkas CSV'), validators=[FileRequired()])
