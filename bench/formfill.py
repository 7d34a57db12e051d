"""Fill an HTML form the way a citizen would: keep hidden fields and defaults, pick an option in each radio group
and select, leave free text (and the honeypot) empty."""
import random
import re
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """Collect the first <form method=post> of a page: its action and fields."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.in_form = False
        self.done = False
        self.fields = {}
        self.radios = {}
        self.selects = {}
        self._select = None
        self._option = None
        self.numbers = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == 'form' and (a.get('method') or '').lower() == 'post':
            self.in_form, self.action = True, a.get('action')
        if not self.in_form:
            return
        if tag == 'input' and a.get('name'):
            kind = (a.get('type') or 'text').lower()
            if kind == 'radio':
                self.radios.setdefault(a['name'], []).append(a.get('value'))
            elif kind == 'checkbox':
                if 'required' in a:
                    self.fields[a['name']] = a.get('value', 'y')
            elif kind == 'number':
                self.numbers[a['name']] = (int(a.get('min') or 0), int(a.get('max') or 100))
            elif kind in ('hidden', 'date') or a.get('value'):
                self.fields[a['name']] = a.get('value', '')
        elif tag == 'select' and a.get('name'):
            self._select = a['name']
            self.selects[a['name']] = []
        elif tag == 'option' and self._select:
            if 'value' in a:
                if a['value']:
                    self.selects[self._select].append(a['value'])
            else:
                self._option = ''  # the value is the option's text

    def handle_data(self, data):
        if self._option is not None:
            self._option += data

    def handle_endtag(self, tag):
        if tag == 'option' and self._option is not None:
            if self._option.strip():
                self.selects[self._select].append(self._option.strip())
            self._option = None
        if tag == 'select':
            self._select = None
        if tag == 'form' and self.in_form:
            self.in_form, self.done = False, True


def fill(html, rng=random):
    """(action, data) for the page's POST form with plausible answers."""
    parser = FormParser()
    parser.feed(html)
    data = dict(parser.fields)
    for name, values in parser.radios.items():
        data[name] = rng.choice([v for v in values if v] or [''])
    for name, (low, high) in parser.numbers.items():
        data[name] = str(rng.randint(max(low, 17), min(high, 70)))
    for name, values in parser.selects.items():
        if values:
            data[name] = rng.choice(values)
    return parser.action, data


HIDDEN = re.compile(r'<input\b[^>]*\btype="hidden"[^>]*>')
ATTR = re.compile(r'\b(name|value)="([^"]*)"')


def hidden_values(html):
    """The hidden inputs of a page (name -> value): what changes between two loads of the same form."""
    out = {}
    for tag in HIDDEN.findall(html):
        attrs = dict(ATTR.findall(tag))
        if 'name' in attrs:
            out[attrs['name']] = attrs.get('value', '')
    return out
