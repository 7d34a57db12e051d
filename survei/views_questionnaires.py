"""Staff pages for the questionnaires: the IKM (locked) and editing IPKP/IPAK item sets as new versions."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.access import roles_required
from portal.extensions import db
from portal.i18n import error_text, translate
from portal.operations import ValidationError

from . import services
from .models import Questionnaire
from .questionnaires import parse_item_rows, stale_english
from .views_staff import bp

BLANK_ROWS = 3


# The edit form's fields, one of each per row.
ROW_FIELDS = ('name', 'question', *(f'label{k}' for k in range(1, 5)), 'name_en', 'question_en',
              *(f'label{k}_en' for k in range(1, 5)))


def _typed_rows(form):
    """The edit form's rows as posted: (name, question, 4 labels, name_en, question_en, 4 labels_en) each."""
    columns = {key: form.getlist(key) for key in ROW_FIELDS}

    def at(key, i):
        return columns[key][i] if i < len(columns[key]) else ''
    return [(at('name', i), at('question', i), [at(f'label{k}', i) for k in range(1, 5)], at('name_en', i),
             at('question_en', i), tuple(at(f'label{k}_en', i) for k in range(1, 5)))
            for i in range(len(columns['name']))]


def english_or_catalogue(item):
    """What an English reader sees of an item, to start the English fields with: the admin's own English where
    given, else the catalogue's translation of a seeded text, else '' (the form then shows the Indonesian)."""
    name, question, labels = item.english_parts
    with force_locale('en'):
        return (_catalogue_english(name, item.name), _catalogue_english(question, item.question),
                tuple(_catalogue_english(en, text) for en, text in zip(labels, item.labels, strict=True)))


def _as_shown(items):
    """The stored items as the edit form starts them: (name, question, 4 labels, English as english_or_catalogue)."""
    return [(i.name, i.question, i.labels, english_or_catalogue(i)) for i in items]


def _unchanged(q, items, uses_ikm, shown):
    """Whether the posted items (parsed) are what the current version `q` already holds, as the edit form showed
    it: the same choice of the IKM answers and, without it, the same texts in both languages (the English as the
    form started it, so a seeded item whose English comes from the catalogue reads as unchanged too)."""
    if uses_ikm != q.uses_ikm_answers:
        return False
    if uses_ikm:
        return True
    before, _errors = parse_item_rows([(name, question, labels, *english) for name, question, labels, english in shown])
    return items == before


def _form_row(name, question, labels, english):
    """One row of the edit form's template."""
    return {'name': name, 'question': question, 'labels': labels, 'english': english}


def _catalogue_english(given, text):
    if given:
        return given
    english = translate(text)  # a stored text: looked up, never %-formatted
    return english if english != text else ''


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
        typed = _typed_rows(form)
        items, errors = parse_item_rows(typed)
        if not errors:
            shown = [] if uses_ikm else _as_shown(q.items)  # read before the save: what the form started with
            if _unchanged(q, items, uses_ikm, shown):  # saved as it came: no new version with the same items
                flash(_('Tidak ada perubahan; versi %(version)s tetap dipakai.', version=q.version), 'info')
                return redirect(url_for('survei_staff.questionnaires'))
            try:
                new = services.new_version(kind, items, uses_ikm, current_user)
            except ValidationError as exc:
                db.session.rollback()
                errors = [error_text(exc)]
            else:
                db.session.commit()
                flash(_('%(title)s: versi %(version)s disimpan dan dipakai untuk respons baru.', title=new.title,
                        version=new.version), 'success')
                stale = stale_english(shown, typed)
                if stale:
                    flash(_('Butir %(rows)s: teks Indonesianya diubah, tetapi teks bahasa Inggrisnya masih terjemahan '
                            'teks lama. Periksa teks bahasa Inggrisnya.', rows=', '.join(map(str, stale))),
                          'warning')
                return redirect(url_for('survei_staff.questionnaires'))
    if errors:  # shown again as typed, so nothing the admin wrote is lost
        rows = [_form_row(name, question, labels, (name_en, question_en, labels_en))
                for name, question, labels, name_en, question_en, labels_en in typed]
        return render_template('survei/staf/questionnaire_form.html', q=q, kind=kind, rows=rows, errors=errors,
                               uses_ikm=uses_ikm), 422
    rows = [_form_row(*row) for row in _as_shown(q.items)]
    blank = _form_row('', '', [''] * 4, ('', '', ('',) * 4))
    rows += [blank] * BLANK_ROWS
    return render_template('survei/staf/questionnaire_form.html', q=q, kind=kind, rows=rows, errors=errors,
                           uses_ikm=q.uses_ikm_answers)
