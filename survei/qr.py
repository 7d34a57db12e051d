"""QR codes (PNG and SVG) and printable A4 posters (WeasyPrint) for the survey URL of each layanan."""
import base64
import io

import qrcode
import qrcode.image.svg
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale

from .util import survey_url

# Q (25% recovery) rather than the minimum M: a poster taped to a counter gets scratched and stained.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q


def _qr(url, box_size=10):
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, box_size=box_size, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url, box_size=10):
    """The QR of `url` as PNG bytes."""
    buf = io.BytesIO()
    _qr(url, box_size).make_image().save(buf, format='PNG')
    return buf.getvalue()


def qr_svg(url):
    """The QR of `url` as SVG bytes (one path; scales to any print size)."""
    buf = io.BytesIO()
    _qr(url).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buf)
    return buf.getvalue()


def poster_html(pairs):
    """The HTML of one A4 poster per (unit, layanan) pair."""
    posters = [{'unit': unit, 'layanan': layanan, 'url': survey_url(unit.slug, layanan.slug),
                'qr': 'data:image/svg+xml;base64,' + base64.b64encode(qr_svg(survey_url(unit.slug, layanan.slug)))
                .decode()} for unit, layanan in pairs]
    if has_request_context():
        return _render_indonesian(posters)
    with current_app.test_request_context():  # the CLI: templates and the locale selector expect a request
        return _render_indonesian(posters)


def _render_indonesian(posters):
    """The poster speaks to citizens at the counter in Bahasa Indonesia, whatever language the staff page is in."""
    with force_locale('id'):
        return render_template('survei/poster.html', posters=posters)


def poster_pdf(pairs):
    """One PDF with an A4 poster per (unit, layanan) pair."""
    from weasyprint import HTML
    return HTML(string=poster_html(pairs)).write_pdf()
