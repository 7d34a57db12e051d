"""Staff pages for the questionnaires: the IKM (locked) and editing IPKP/IPAK item sets as new versions."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.access import roles_required
from portal.extensions import db
from portal.i18n import error_text
from portal.operations import ValidationError

from . import services
from .models import Questionnaire
from .questionnaires import parse_item_rows
from .views_staff import bp

BLANK_ROWS = 3


@bp.route('/kuesioner')
@roles_required('superadmin')
def questionnaires():
    """Every version of every questionnaire; the current ones first."""
    services.ensure_questionnaires()
    db.session.commit()
    rows = db.session.scalars(select(Questionnaire).order_by(Questionnaire.kind, Questionnaire.version.desc())).all()
    return render_template('survei/staf/questionnaires.html', rows=rows)


@bp.route('/kuesioner/<kind>', methods=['GET', 'POST'])
@roles_required('superadmin')
def questionnaire_edit(kind):
    """Edit the IPKP or IPAK item set; saving creates a new version (old responses keep theirs)."""
    if kind not in ('ipkp', 'ipak'):
        abort(404)
    q = services.current(kind)
    errors = []
    if request.method == 'POST':
        form = request.form
        uses_ikm = kind == 'ipkp' and form.get('uses_ikm_answers') == '1'
        items, errors = parse_item_rows(form.getlist('name'), form.getlist('question'),
                                        [form.getlist(f'label{k}') for k in range(1, 5)])
        if not errors:
            try:
                new = services.new_version(kind, items, uses_ikm, current_user)
            except ValidationError as exc:
                db.session.rollback()
                errors = [error_text(exc)]
            else:
                db.session.commit()
                flash(_('%(title)s: versi %(version)s disimpan dan dipakai untuk respons baru.', title=new.title,
                        version=new.version), 'success')
                return redirect(url_for('survei_staff.questionnaires'))
    rows = [{'name': i.name, 'question': i.question, 'labels': i.labels} for i in q.items]
    rows += [{'name': '', 'question': '', 'labels': ['', '', '', '']}] * BLANK_ROWS
    return render_template('survei/staf/questionnaire_form.html', q=q, kind=kind, rows=rows, errors=errors)
