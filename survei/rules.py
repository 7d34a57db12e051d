"""The survey's rules as plain functions (no Flask, no database): answers, profile, service date, suspicion flags.

The web form, the paper import and the demo seeder all go through these, so a rule is stated once.
"""
import ipaddress
from datetime import timedelta
from urllib.parse import urlsplit

from portal.ids import parse_iso_date
from portal.markers import N_, Text
from portal.text import strip_controls

SCORES = (1, 2, 3, 4)
# The labels are stored as they are (plain Indonesian str); N_ only marks them for the English catalogue.
GENDERS = (('L', str(N_('Laki-laki'))), ('P', str(N_('Perempuan'))))
EDUCATION = ('SD', 'SMP', 'SMA', 'D1-D3', 'D4/S1', 'S2', 'S3')
OCCUPATION = tuple(str(label) for label in (
    N_('PNS/TNI/POLRI'), N_('Pegawai swasta'), N_('Wiraswasta'), N_('Petani/Nelayan'), N_('Pelajar/Mahasiswa'),
    N_('Ibu rumah tangga'), N_('Lainnya')))
# Other spellings found on paper forms and office spreadsheets (compared case-insensitively).
EDUCATION_ALIASES = {'tidak sekolah': 'SD', 'sltp': 'SMP', 'mts': 'SMP', 'slta': 'SMA', 'sma/smk': 'SMA',
                     'smk': 'SMA', 'ma': 'SMA', 'd1': 'D1-D3', 'd2': 'D1-D3', 'd3': 'D1-D3', 'diploma': 'D1-D3',
                     'd4': 'D4/S1', 's1': 'D4/S1', 'sarjana': 'D4/S1'}
OCCUPATION_ALIASES = {'pns': 'PNS/TNI/POLRI', 'tni': 'PNS/TNI/POLRI', 'polri': 'PNS/TNI/POLRI', 'asn': 'PNS/TNI/POLRI',
                      'swasta': 'Pegawai swasta', 'karyawan swasta': 'Pegawai swasta', 'pelajar': 'Pelajar/Mahasiswa',
                      'mahasiswa': 'Pelajar/Mahasiswa', 'petani': 'Petani/Nelayan', 'nelayan': 'Petani/Nelayan',
                      'irt': 'Ibu rumah tangga'}
AGE_MIN, AGE_MAX = 10, 110
SARAN_MAX = 2000
SERVICE_DATE_MAX_AGE_DAYS = 90  # a citizen may fill the survey some weeks after the visit, not a season later

# Suspicion (issue 3): sent within 10 seconds of opening the form, or part of a burst on one layanan.
MIN_SECONDS = 10
BURST_WINDOW_SECONDS = 120
BURST_MAX = 8  # this many other online responses on one layanan within the window make the next one a burst
RATE_LIMIT = '30 per minute;600 per hour'  # survey POSTs per address (the default of SURVEI_RATE_LIMIT)
QUESTIONS_CHANGED = N_('Pertanyaan survei baru saja diperbarui. Periksa jawaban Anda di bawah lalu kirim lagi.')
# Shown through the `tr` filter (Text: the Indonesian str, translatable); the CSV/XLSX export keeps the Indonesian.
FLAG_LABELS = {
    'cepat': N_('Dikirim kurang dari 10 detik setelah formulir dibuka'),
    'tanpa-waktu': N_('Waktu pembukaan formulir tidak ada atau tidak sah'),
    'beruntun': N_('Bagian dari lonjakan respons pada layanan yang sama'),
    'honeypot': N_('Kolom jebakan bot terisi'),
}
# Where a response came from (Response.source), as the staff pages name it.
SOURCE_LABELS = {
    'online': N_('Daring'),
    'petugas': N_('Petugas'),
    'import': N_('Impor kertas'),
}


def _lookup(value, labels, aliases):
    key = value.strip().lower()
    for label in labels:
        if label.lower() == key:
            return label
    return aliases.get(key)


def parse_gender(value):
    """'L'/'P' from a code or label, case-insensitive; None for blank; ValueError otherwise."""
    value = (value or '').strip()
    if not value:
        return None
    for code, label in GENDERS:
        if value.lower() in (code.lower(), label.lower(), label.lower().replace('-', ' '), label.lower()[:4]):
            return code
    raise ValueError('jenis kelamin harus L (Laki-laki) atau P (Perempuan)')


def parse_education(value):
    """The form's pendidikan label for a label or known alias; None for blank; ValueError otherwise."""
    if not (value or '').strip():
        return None
    found = _lookup(value, EDUCATION, EDUCATION_ALIASES)
    if found is None:
        raise ValueError(f'pendidikan tidak dikenal: {value!r} (pilihan: {", ".join(EDUCATION)})')
    return found


def parse_occupation(value):
    """The form's pekerjaan label for a label or known alias; None for blank; ValueError otherwise."""
    if not (value or '').strip():
        return None
    found = _lookup(value, OCCUPATION, OCCUPATION_ALIASES)
    if found is None:
        raise ValueError(f'pekerjaan tidak dikenal: {value!r} (pilihan: {", ".join(OCCUPATION)})')
    return found


def parse_age(value):
    """Age in whole years; None for blank; ValueError outside AGE_MIN..AGE_MAX."""
    value = (value or '').strip()
    if not value:
        return None
    if not value.isdigit() or not AGE_MIN <= int(value) <= AGE_MAX:
        raise ValueError(f'umur harus bilangan bulat {AGE_MIN} sampai {AGE_MAX}')
    return int(value)


def parse_score(value):
    """A score 1-4; None for blank; ValueError otherwise."""
    value = (value or '').strip()
    if not value:
        return None
    if value not in ('1', '2', '3', '4'):
        raise ValueError('nilai harus 1, 2, 3 atau 4')
    return int(value)


def check_service_date(value, today):
    """The date of service from the form: not in the future and not older than SERVICE_DATE_MAX_AGE_DAYS."""
    day = parse_iso_date(value)
    if day > today:
        raise ValueError(N_('Tanggal layanan tidak boleh setelah hari ini.'))
    if day < today - timedelta(days=SERVICE_DATE_MAX_AGE_DAYS):
        raise ValueError(N_('Tanggal layanan paling lama %(days)s hari yang lalu.', days=SERVICE_DATE_MAX_AGE_DAYS))
    return day


def validate_submission(form, item_codes, today):
    """Check a citizen's answers (a dict of strings). Returns (values, errors): errors maps field -> message.

    item_codes: the codes the page asked (u1..u9 plus any extra items), every one required.
    """
    values, errors = {'answers': {}}, {}
    for code in item_codes:
        try:
            score = parse_score(form.get(code))
        except ValueError:
            score = None
        if score is None:
            errors[code] = N_('Pilih salah satu jawaban.')
        else:
            values['answers'][code] = score
    try:
        values['gender'] = parse_gender(form.get('gender'))
        if values['gender'] is None:
            errors['gender'] = N_('Pilih jenis kelamin.')
    except ValueError:
        errors['gender'] = N_('Pilih jenis kelamin.')
    try:
        values['age'] = parse_age(form.get('age'))
        if values['age'] is None:
            errors['age'] = N_('Isi umur Anda (dalam tahun).')
    except ValueError:
        errors['age'] = N_('Umur harus angka %(min)s sampai %(max)s.', min=AGE_MIN, max=AGE_MAX)
    for field, choices, message in (('education', EDUCATION, N_('Pilih pendidikan terakhir.')),
                                    ('occupation', OCCUPATION, N_('Pilih pekerjaan.'))):
        value = (form.get(field) or '').strip()
        if value in choices:
            values[field] = value
        else:
            errors[field] = message
    try:
        values['service_date'] = check_service_date(form.get('service_date'), today)
    except ValueError as exc:
        reason = exc.args[0] if exc.args else None  # out of range: why; unreadable: how to write it
        unreadable = N_('Isi tanggal layanan (tahun-bulan-tanggal).')
        errors['service_date'] = reason if isinstance(reason, Text) else unreadable
    saran = strip_controls(form.get('saran') or '').strip()
    if len(saran) > SARAN_MAX:
        errors['saran'] = N_('Saran paling banyak %(n)s karakter.', n=SARAN_MAX)
    values['saran'] = saran or None
    return values, errors


def flag_reasons(elapsed_seconds, recent_on_layanan, honeypot_filled, burst_max=BURST_MAX):
    """Why a response looks suspicious, as a tuple of FLAG_LABELS codes; () when clean.

    elapsed_seconds: seconds between opening and sending the form (None when the signed time is missing or forged).
    recent_on_layanan: online responses stored on the same layanan within BURST_WINDOW_SECONDS.
    Identical answers are deliberately not a reason: satisfied citizens often tick the same column throughout.
    """
    reasons = []
    if elapsed_seconds is None:
        reasons.append('tanpa-waktu')
    elif elapsed_seconds < MIN_SECONDS:
        reasons.append('cepat')
    if recent_on_layanan >= burst_max:
        reasons.append('beruntun')
    if honeypot_filled:
        reasons.append('honeypot')
    return tuple(reasons)


def any_low(scores):
    """True when any unsur was answered 1 or 2: the thank-you page then offers to file a complaint."""
    return any(s in (1, 2) for s in scores if s is not None)


# The placeholder of deploy/ and the README, and the names reserved for examples (RFC 2606): never a real portal.
EXAMPLE_DOMAINS = ('example.go.id', 'example', 'example.com', 'example.net', 'example.org')


def base_url_problem(base):
    """What keeps PUBLIC_BASE_URL from going on a printed QR code: 'contoh' (still the example address of
    deploy/portal.env.example), 'lokal' (unset, localhost, a loopback or unspecified address: a phone scanning it
    opens itself), 'http' (not https: answers would cross the network in clear), or None."""
    parts = urlsplit(str(base or ''))
    host = (parts.hostname or '').lower()
    if any(host == domain or host.endswith('.' + domain) for domain in EXAMPLE_DOMAINS):
        return 'contoh'
    if not host or host == 'localhost' or host.endswith('.localhost'):
        return 'lokal'
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and (address.is_loopback or address.is_unspecified):
        return 'lokal'
    return 'http' if parts.scheme != 'https' else None
