"""Emails to the complainant and to unit heads, through portal.mail (queued, sent after the commit, retried)."""
from flask import current_app

from portal.mail import send_mail

from . import codes
from .workflow import STATES

FOOTER = ('\n\nJangan balas email ini. Kode pelacakan adalah kunci pengaduan Anda: jangan berikan kepada orang lain.'
          '\n{office}')


def _base():
    return current_app.config['PUBLIC_BASE_URL']


def _footer():
    return FOOTER.format(office=current_app.config['OFFICE_NAME'])


def submitted(complaint, code):
    """The tracking code, right after filing, when the complainant gave an email."""
    if not complaint.email:
        return False
    body = (f'Yth. {complaint.name or "Bapak/Ibu"},\n\nPengaduan Anda "{complaint.title}" telah kami terima.\n\n'
            f'Kode pelacakan: {codes.display(code)}\n\n'
            f'Ikuti perkembangannya di {_base()}/pengaduan/lacak dengan memasukkan kode tersebut. '
            f'Pengaduan diverifikasi paling lambat {complaint.verify_due:%d-%m-%Y}.' + _footer())
    return send_mail(complaint.email, f'Pengaduan diterima: {codes.display(code)}', body)


def step(complaint, event):
    """A public step: the new status and what the office says."""
    if not complaint.email or not event.public:
        return False
    unit = f' oleh {event.unit.name}' if event.unit_id and event.unit else ''
    note = f'\n\nKeterangan:\n{event.note}' if event.note else ''
    body = (f'Yth. {complaint.name or "Bapak/Ibu"},\n\nStatus pengaduan "{complaint.title}" kini: '
            f'{STATES[complaint.status]}{unit}.{note}\n\n'
            f'Lihat rincian dan tanggapi di {_base()}/pengaduan/lacak dengan kode pelacakan Anda.' + _footer())
    return send_mail(complaint.email, f'Pengaduan {complaint.number}: {STATES[complaint.status]}', body)


def survey_url(complaint):
    """The survey of the layanan concerned (closing the loop with survei/), or None without a layanan."""
    if complaint.layanan is None:
        return None
    return f'{_base()}/survei/{complaint.layanan.unit.slug}/{complaint.layanan.slug}'


CLOSING_REASONS = {
    'terima': 'Anda telah menerima tindak lanjut yang kami sampaikan.',
    'tutup_otomatis': 'Pengaduan ditutup otomatis: tidak ada tanggapan dalam 10 hari kerja setelah tindak lanjut.',
}


def closed(complaint, event):
    """The one email of the closing step (instead of a step email): why it closed, what was said, and the invitation
    to rate the handling and to fill in the survey of the layanan."""
    if not complaint.email or not event.public:
        return False
    status = f'Status pengaduan "{complaint.title}" kini: {STATES[complaint.status]}.'
    reason = f' {CLOSING_REASONS[event.action]}' if event.action in CLOSING_REASONS else ''
    note = f'\n\nKeterangan:\n{event.note}' if event.note else ''
    url = survey_url(complaint)
    survey = (f'\n\nBantu kami memperbaiki layanan "{complaint.layanan.name}": isi survei kepuasan di\n{url}'
              if url else '')
    body = (f'Yth. {complaint.name or "Bapak/Ibu"},\n\n{status}{reason}{note}\n\n'
            f'Nilailah penanganannya (1-5) di {_base()}/pengaduan/lacak dengan kode pelacakan Anda.{survey}'
            + _footer())
    return send_mail(complaint.email, f'Pengaduan {complaint.number} selesai: bagaimana penanganannya?', body)


def overdue(unit, complaints):
    """The unit head's list of overdue complaints."""
    lines = [f'- {c.number} {c.title} ({STATES[c.status]}), tenggat {c.next_due:%d-%m-%Y}' for c in complaints]
    body = (f'Yth. Kepala {unit.name},\n\n{len(complaints)} pengaduan melewati tenggat:\n\n' + '\n'.join(lines)
            + f'\n\nBuka {_base()}/staf/pengaduan/?terlambat=1 untuk menanganinya.\n'
            + current_app.config['OFFICE_NAME'])
    return send_mail(unit.head_email, f'Pengingat: {len(complaints)} pengaduan terlambat', body)
