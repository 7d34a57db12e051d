"""A citizen opens the home page on a phone: it reads without sideways scrolling."""
import os

from portal.demo import seed_units
from portal.extensions import db
from tests.browser.conftest import no_horizontal_scroll


def test_home_on_a_phone_has_no_horizontal_scroll(live_server, phone, desktop, output_dir):
    seed_units()
    db.session.commit()
    phone.goto(live_server + '/')
    assert phone.locator('h1').inner_text() == 'Layanan publik dan Zona Integritas'
    assert phone.locator('a[href="/unit/kemenag-seluma"]').count() == 1
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'home-360.png'), full_page=True)
    phone.goto(live_server + '/unit/kemenag-kota-bengkulu')
    assert no_horizontal_scroll(phone)
    phone.screenshot(path=os.path.join(output_dir, 'unit-360.png'), full_page=True)
    desktop.goto(live_server + '/')
    desktop.screenshot(path=os.path.join(output_dir, 'home-1280.png'), full_page=True)
    assert no_horizontal_scroll(desktop)
