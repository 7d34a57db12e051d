"""The ceiling: a bare Flask hello-world, served by the same gunicorn settings as the portal."""
from flask import Flask

app = Flask(__name__)


@app.route('/')
def hello():
    """The cheapest possible response."""
    return 'ok'
