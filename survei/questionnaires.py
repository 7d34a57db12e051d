"""The default questionnaires as plain data (domain.md sections 2 and 3); no Flask, no database.

IKM: the 9 unsur of PermenPANRB 14/2017 with their answer labels, scored 1 (worst) to 4 (best); seeded and locked.
IPKP: by default computed from the same 9 answers (uses_ikm_answers), so the citizen is not asked twice.
IPAK: the 5 items of Kemenag offices' practice, 4 being the clean answer (Tidak pernah).

The texts are stored as written here (plain Indonesian); N_ marks them for the English catalogue, so the form shows a
seeded text in English to an English reader, and a text an admin has since edited as it was written.
"""
from portal.markers import N_
from portal.text import is_blank, strip_controls

# (code, name, question, label1, label2, label3, label4)
IKM_ITEMS = (
    ('u1', N_('Persyaratan'),
     N_('Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?'),
     N_('Tidak sesuai'), N_('Kurang sesuai'), N_('Sesuai'), N_('Sangat sesuai')),
    ('u2', N_('Sistem, mekanisme dan prosedur'),
     N_('Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?'),
     N_('Tidak mudah'), N_('Kurang mudah'), N_('Mudah'), N_('Sangat mudah')),
    ('u3', N_('Waktu penyelesaian'),
     N_('Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?'),
     N_('Tidak cepat'), N_('Kurang cepat'), N_('Cepat'), N_('Sangat cepat')),
    ('u4', N_('Biaya/tarif'),
     N_('Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?'),
     N_('Sangat mahal'), N_('Cukup mahal'), N_('Murah'), N_('Gratis')),
    ('u5', N_('Produk spesifikasi jenis pelayanan'),
     N_('Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan '
        'dengan hasil yang diberikan?'),
     N_('Tidak sesuai'), N_('Kurang sesuai'), N_('Sesuai'), N_('Sangat sesuai')),
    ('u6', N_('Kompetensi pelaksana'),
     N_('Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?'),
     N_('Tidak kompeten'), N_('Kurang kompeten'), N_('Kompeten'), N_('Sangat kompeten')),
    ('u7', N_('Perilaku pelaksana'),
     N_('Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?'),
     N_('Tidak sopan dan ramah'), N_('Kurang sopan dan ramah'), N_('Sopan dan ramah'), N_('Sangat sopan dan ramah')),
    ('u8', N_('Sarana dan prasarana'),
     N_('Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?'),
     N_('Buruk'), N_('Cukup'), N_('Baik'), N_('Sangat baik')),
    ('u9', N_('Penanganan pengaduan, saran dan masukan'),
     N_('Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?'),
     N_('Tidak ada'), N_('Ada tetapi tidak berfungsi'), N_('Berfungsi kurang maksimal'), N_('Dikelola dengan baik')),
)

_FREQ = (N_('Sangat sering'), N_('Sering'), N_('Jarang'), N_('Tidak pernah'))
IPAK_ITEMS = (
    ('ipak1', N_('Percaloan'),
     N_('Apakah Anda menjumpai percaloan atau perantara tidak resmi dalam pelayanan ini?'), *_FREQ),
    ('ipak2', N_('Pungutan liar'),
     N_('Apakah Anda diminta membayar pungutan di luar ketentuan (pungutan liar)?'), *_FREQ),
    ('ipak3', N_('Imbalan/gratifikasi'),
     N_('Apakah petugas meminta atau menerima imbalan/gratifikasi atas pelayanan?'), *_FREQ),
    ('ipak4', N_('Diskriminasi pelayanan'),
     N_('Apakah Anda melihat petugas membeda-bedakan (diskriminasi) pelayanan?'), *_FREQ),
    ('ipak5', N_('Praktik suap/korupsi'),
     N_('Apakah Anda menjumpai praktik suap atau korupsi dalam pelayanan ini?'), *_FREQ),
)

# (kind, title, locked, uses_ikm_answers, items)
DEFAULTS = (
    ('ikm', 'Survei Kepuasan Masyarakat (IKM)', True, False, IKM_ITEMS),
    ('ipkp', 'Indeks Persepsi Kualitas Pelayanan (IPKP)', False, True, ()),
    ('ipak', 'Indeks Persepsi Anti Korupsi (IPAK)', False, False, IPAK_ITEMS),
)


def item_rows(items):
    """Items as dicts with the column names of survei_item (position from 1)."""
    keys = ('code', 'name', 'question', 'label1', 'label2', 'label3', 'label4')
    return [dict(zip(keys, map(str, item), strict=True), position=i) for i, item in enumerate(items, 1)]


IDENTITY_COLUMNS = ('question', 'label1', 'label2', 'label3', 'label4')


def item_identity(item):
    """What makes two perception items the same question across versions: the question and its four answer labels
    (Indonesian), spaces and case aside. A new short name or English text keeps the item; another question or scale
    makes a new one."""
    return tuple(' '.join(str(item[column]).split()).casefold() for column in IDENTITY_COLUMNS)


def assign_codes(prefix, earlier, items):
    """The codes of a new version's items (answers pool across versions by code: analytics.queries).

    earlier: (code, identity) of every item of this kind's earlier versions; items: the new version's item dicts.
    An item asking what an earlier one asked keeps that code (even after a version without it); any other item gets a
    code no earlier item had, `prefix` and the next number: a code never changes meaning."""
    known, numbers = {}, [0]
    for code, identity in earlier:
        known.setdefault(identity, code)
        suffix = code[len(prefix):]
        if code.startswith(prefix) and suffix.isdigit():
            numbers.append(int(suffix))
    next_number, codes = max(numbers) + 1, []
    for item in items:
        code = known.get(item_identity(item))
        if code is None or code in codes:  # a new question (or the same one twice in this version)
            code, next_number = f'{prefix}{next_number}', next_number + 1
        codes.append(code)
    return codes


# A question is read on a phone at the counter: the longest in the regulations' questionnaires is under 200 characters.
QUESTION_MAX = 500


def _clean(text):
    """A typed text as every text field of the app's forms takes it (portal.text): no control characters, and
    nothing at all when it shows a reader nothing (only spaces or invisible characters such as U+200B)."""
    text = strip_controls(text).strip()
    return '' if is_blank(text) else text


def parse_item_rows(rows):
    """Items from the edit form's rows, each (name, question, 4 labels, name_en, question_en, 4 labels_en); a row
    left wholly empty is skipped. A blank English field falls back to the Indonesian text on the form.

    Returns (items, errors), items as dicts for QuestionItem (`english` None when the row has no English at all).
    """
    items, errors = [], []
    for i, row in enumerate(rows, 1):
        name, question, labels, name_en, question_en, labels_en = row
        name, question, name_en, question_en = (_clean(x) for x in (name, question, name_en, question_en))
        labels, labels_en = [_clean(x) for x in labels], [_clean(x) for x in labels_en]
        has_english = bool(name_en or question_en or any(labels_en))
        if not name and not question and not any(labels) and not has_english:
            continue
        if not name or not question or not all(labels):
            errors.append(N_('Butir %(n)s: isi nama, pertanyaan dan keempat label jawaban.', n=i))
            continue
        if (max(len(name), len(name_en)) > 200 or max(len(question), len(question_en)) > QUESTION_MAX
                or any(len(x) > 120 for x in labels + labels_en)):
            errors.append(N_('Butir %(n)s: nama paling banyak 200 karakter, pertanyaan %(q)s, label 120.', n=i,
                             q=QUESTION_MAX))
            continue
        english = {'name': name_en, 'question': question_en, 'labels': labels_en} if has_english else None
        items.append({'name': name, 'question': question, **{f'label{k}': labels[k - 1] for k in range(1, 5)},
                      'english': english})
    return items, errors


def stale_english(shown, typed):
    """Rows (numbered from 1) where a text was changed in Indonesian while its English was left as an English reader
    saw it, so that the English still translates the old text.

    shown: the stored items as the edit form started them, each (name, question, 4 labels, (name_en, question_en,
    4 labels_en)); typed: the rows as posted (see parse_item_rows). Rows past the stored items are new: never stale.
    """
    stale = []
    for number, (old, new) in enumerate(zip(shown, typed, strict=False), 1):
        old_name, old_question, old_labels, (old_name_en, old_question_en, old_labels_en) = old
        name, question, labels, name_en, question_en, labels_en = new
        pairs = zip((old_name, old_question, *old_labels), (name, question, *labels),
                    (old_name_en, old_question_en, *old_labels_en), (name_en, question_en, *labels_en), strict=True)
        if any(text.strip() != was.strip() and was_en.strip() and en.strip() == was_en.strip()
               for was, text, was_en, en in pairs):
            stale.append(number)
    return stale
