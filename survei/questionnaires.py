"""The default questionnaires as plain data (domain.md sections 2 and 3); no Flask, no database.

IKM: the 9 unsur of PermenPANRB 14/2017 with their answer labels, scored 1 (worst) to 4 (best); seeded and locked.
IPKP: by default computed from the same 9 answers (uses_ikm_answers), so the citizen is not asked twice.
IPAK: the 5 items of Kemenag offices' practice, 4 being the clean answer (Tidak pernah).
"""

# (code, name, question, label1, label2, label3, label4)
IKM_ITEMS = (
    ('u1', 'Persyaratan', 'Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
     'Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'),
    ('u2', 'Sistem, mekanisme dan prosedur',
     'Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?',
     'Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'),
    ('u3', 'Waktu penyelesaian', 'Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?',
     'Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'),
    ('u4', 'Biaya/tarif', 'Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?',
     'Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'),
    ('u5', 'Produk spesifikasi jenis pelayanan',
     'Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan '
     'dengan hasil yang diberikan?',
     'Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'),
    ('u6', 'Kompetensi pelaksana', 'Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?',
     'Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'),
    ('u7', 'Perilaku pelaksana', 'Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait '
     'kesopanan dan keramahan?',
     'Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'),
    ('u8', 'Sarana dan prasarana', 'Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?',
     'Buruk', 'Cukup', 'Baik', 'Sangat baik'),
    ('u9', 'Penanganan pengaduan, saran dan masukan',
     'Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?',
     'Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'),
)

_FREQ = ('Sangat sering', 'Sering', 'Jarang', 'Tidak pernah')
IPAK_ITEMS = (
    ('ipak1', 'Percaloan', 'Apakah Anda menjumpai percaloan atau perantara tidak resmi dalam pelayanan ini?', *_FREQ),
    ('ipak2', 'Pungutan liar', 'Apakah Anda diminta membayar pungutan di luar ketentuan (pungutan liar)?', *_FREQ),
    ('ipak3', 'Imbalan/gratifikasi', 'Apakah petugas meminta atau menerima imbalan/gratifikasi atas pelayanan?',
     *_FREQ),
    ('ipak4', 'Diskriminasi pelayanan', 'Apakah Anda melihat petugas membeda-bedakan (diskriminasi) pelayanan?',
     *_FREQ),
    ('ipak5', 'Praktik suap/korupsi', 'Apakah Anda menjumpai praktik suap atau korupsi dalam pelayanan ini?', *_FREQ),
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
    return [dict(zip(keys, item, strict=True), position=i) for i, item in enumerate(items, 1)]


def parse_item_rows(names, questions, labels):
    """Items from the edit form's parallel lists; a row with an empty name and question is skipped.

    labels: four lists (label1..label4). Returns (items, errors), items as dicts for QuestionItem.
    """
    items, errors = [], []
    for i, (name, question) in enumerate(zip(names, questions, strict=False), 1):
        name, question = (name or '').strip(), (question or '').strip()
        row_labels = [(col[i - 1] if i - 1 < len(col) else '').strip() for col in labels]
        if not name and not question and not any(row_labels):
            continue
        if not name or not question or not all(row_labels):
            errors.append(f'Butir {i}: isi nama, pertanyaan dan keempat label jawaban.')
            continue
        if len(name) > 200 or any(len(x) > 120 for x in row_labels):
            errors.append(f'Butir {i}: nama paling banyak 200 karakter, label paling banyak 120.')
            continue
        items.append({'name': name, 'question': question, **{f'label{k}': row_labels[k - 1] for k in range(1, 5)}})
    return items, errors
