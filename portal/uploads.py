"""Uploaded evidence, shared by pengaduan/ and wbs/: JPEG, PNG or PDF only, typed by content, cleaned of metadata.

Images are decoded and re-encoded from their pixels (no EXIF, GPS, XMP or comments survive); PDFs are rebuilt page by
page with pypdf without the document catalogue, metadata, annotations or actions, and refused when they carry script or
embedded files or cannot be parsed. Files are stored under random names outside the static folder.
"""
import io
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as dt_time
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .markers import N_

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PDF_DANGER = re.compile(rb'/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm|ImportData)\b')


class UploadError(Exception):
    """A file that is refused; the message (Bahasa Indonesia) tells the user why."""


@dataclass(frozen=True)
class CleanFile:
    """A file that passed inspection: its cleaned bytes, real type and a safe display name."""

    data: bytes
    mime: str
    ext: str
    name: str


def sniff(data):
    """The real type of the bytes: 'jpeg', 'png', 'pdf' or None."""
    if data.startswith(b'\xff\xd8\xff'):
        return 'jpeg'
    if data.startswith(b'\x89PNG\r\n\x1a\n'):
        return 'png'
    if data[:1024].lstrip().startswith(b'%PDF-'):
        return 'pdf'
    return None


def safe_name(ext):
    """The name a stored file goes by: 'lampiran' and the extension of its real type, whatever it was called.

    The name a file had on the sender's phone is metadata like the EXIF the cleaning removes: 'KTP_Siti_0812....jpg'
    or 'rekaman_Joko.jpg' would name a confidential complainant or a whistleblower to every reader. The part that
    stores it numbers it (numbered_name)."""
    return f'lampiran.{ext}'


def numbered_name(name, number):
    """'lampiran-2.jpg' for the second file of a complaint or report."""
    stem, ext = os.path.splitext(name)
    return f'{stem}-{number}{ext}'


def _clean_image(data, kind, max_pixels):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            width, height = img.size
            if width * height > max_pixels:
                raise UploadError(N_('Gambar terlalu besar (resolusinya melebihi batas). '
                                     'Perkecil gambar lalu unggah lagi.'))
            img.load()
    except UploadError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise UploadError(N_('Berkas gambar rusak atau tidak dapat dibaca.')) from exc
    if (img.format or '').lower() not in ('jpeg', 'png'):
        raise UploadError(N_('Hanya gambar JPEG atau PNG yang diterima.'))
    if kind == 'jpeg':
        clean = Image.new('RGB', img.size)
        clean.paste(img.convert('RGB'))
        out = io.BytesIO()
        clean.save(out, 'JPEG', quality=88, optimize=True)
    else:
        mode = img.mode if img.mode in ('1', 'L', 'LA', 'RGB', 'RGBA', 'P') else 'RGBA'
        src = img.convert(mode)
        clean = Image.new(src.mode, src.size)
        if src.mode == 'P':
            clean.putpalette(src.getpalette())
        clean.paste(src)
        out = io.BytesIO()
        clean.save(out, 'PNG', optimize=True)
    return out.getvalue()


# An encryption dictionary (in the trailer, or the cross-reference stream's dictionary, both uncompressed): the file
# is locked, by a password or for permissions only, and cannot be cleaned. Found before pypdf parses it, since some
# schemes need a library that is not installed (AES) or one pypdf does not implement (public-key).
PDF_ENCRYPTED = re.compile(rb'/Encrypt\b')


def _clean_pdf(data):
    from pypdf import PdfReader, PdfWriter
    if PDF_ENCRYPTED.search(data):
        raise UploadError(N_('PDF yang dikunci (kata sandi atau pembatasan izin) tidak dapat diterima. Cetak ulang '
                             'sebagai PDF biasa lalu unggah lagi.'))
    if PDF_DANGER.search(data):
        raise UploadError(N_('PDF ini memuat skrip, tindakan otomatis atau berkas sisipan sehingga ditolak. '
                             'Cetak ulang sebagai PDF biasa lalu unggah lagi.'))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadError(N_('PDF yang dikunci kata sandi tidak dapat diterima.'))
            writer = PdfWriter()
            for page in reader.pages:
                for key in ('/Annots', '/AA', '/Metadata', '/PieceInfo'):
                    if key in page:
                        del page[key]
                writer.add_page(page)
            writer._info = None  # no document information dictionary (author, producer, dates)
            out = io.BytesIO()
            writer.write(out)
    except UploadError:
        raise
    # A hostile or broken file makes pypdf raise almost anything (its own errors, OverflowError from a huge offset,
    # LimitReachedError, NotImplementedError, RecursionError, ...): a file that cannot be cleaned is refused, whatever
    # the reason. Only what is not an Exception (KeyboardInterrupt, SystemExit) goes on up.
    except Exception as exc:  # noqa: BLE001
        raise UploadError(N_('Berkas PDF rusak atau tidak dapat dibersihkan, sehingga ditolak.')) from exc
    cleaned = out.getvalue()
    if PDF_DANGER.search(cleaned):
        raise UploadError(N_('PDF ini memuat skrip atau berkas sisipan sehingga ditolak.'))
    return cleaned


def inspect(filename, data, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS):
    """Check and clean one upload; return a CleanFile or raise UploadError with a message for the user."""
    if not data:
        raise UploadError(N_('Berkas kosong.'))
    if len(data) > max_bytes:
        raise UploadError(N_('Berkas melebihi %(mb)s MB.', mb=max_bytes // (1024 * 1024)))
    kind = sniff(data)
    if kind is None:
        raise UploadError(N_('Jenis berkas tidak diterima. Unggah JPEG, PNG atau PDF.'))
    if kind == 'pdf':
        return CleanFile(_clean_pdf(data), 'application/pdf', 'pdf', safe_name('pdf'))
    ext = 'jpg' if kind == 'jpeg' else 'png'
    return CleanFile(_clean_image(data, kind, max_pixels), f'image/{kind}', ext, safe_name(ext))


def read_storage(file_storage, max_bytes=MAX_BYTES):
    """Read a Werkzeug FileStorage up to one byte past the limit (never the whole of a huge upload)."""
    return file_storage.stream.read(max_bytes + 1)


def start_of_utc_day(now=None):
    """The POSIX time of 00:00 UTC of the current (or given) day."""
    now = now or datetime.now(UTC)
    return datetime.combine(now.astimezone(UTC).date(), dt_time.min, tzinfo=UTC).timestamp()


class Store:
    """Files under a folder, named by random keys; nothing about the original name or type is in the path.

    With day_only_times, each new file's access and modification times (and the folder's) are set back to 00:00 UTC
    of the day it was written, the precision the WBS tables keep (their dates are UTC days), so the file system does
    not tell when a report was filed to the second. The inode change time (ctime) cannot be set from user space.
    """

    def __init__(self, root, day_only_times=False):
        self.root = Path(root)
        self.day_only_times = day_only_times

    def save(self, data):
        """Write the bytes under a new random key and return the key."""
        key = secrets.token_hex(16)
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
        if self.day_only_times:
            midnight = start_of_utc_day()
            os.utime(path, (midnight, midnight))
            os.utime(self.root, (midnight, midnight))
        return key

    def path(self, key):
        """The path of a key; refuses anything but a hex key."""
        if not re.fullmatch(r'[0-9a-f]{32}', key or ''):
            raise KeyError(key)
        return self.root / key

    def load(self, key):
        """The bytes stored under key."""
        return self.path(key).read_bytes()

    def delete(self, key):
        """Remove the file under key, if present."""
        self.path(key).unlink(missing_ok=True)


def store_for(app, part, day_only_times=False):
    """The Store of one part (e.g. 'pengaduan', 'wbs') under the app's UPLOAD_FOLDER."""
    return Store(os.path.join(app.config['UPLOAD_FOLDER'], part), day_only_times=day_only_times)
