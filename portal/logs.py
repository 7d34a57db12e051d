"""Structured request logs: one JSON line per request; none for the WBS reporter's routes but a server error, and that
without IP address or user agent, as on a request that asks for no trace (an anonymous or confidential complaint's
filing); never a secret carried in the path (a complaint's tracking code): it is logged masked."""
import json
import logging
import sys
import time

from flask import current_app, g, request

logger = logging.getLogger('portal.request')
# Routes whose visitors must leave no trace (the reporter of the whistleblowing system).
NO_TRACE_PREFIXES = ('/wbs',)
# What a secret carried in a path reads as in the log.
MASK = '****'


def secret_path(app, endpoint, prefix):
    """Declare that what follows `prefix` in the paths of `endpoint` is a secret (a credential, e.g. the tracking code
    in /pengaduan/lacak/<kode>): the request log shows them as prefix + MASK, and likewise any path under `prefix` no
    route matched (a code mistyped, a refused method), while the other routes under `prefix` are logged as they are."""
    app.extensions.setdefault('secret_paths', {})[endpoint] = prefix


def logged_path():
    """The request path as logged: a declared secret replaced by MASK."""
    path = request.path
    for endpoint, prefix in current_app.extensions.get('secret_paths', {}).items():
        if request.endpoint in (endpoint, None) and path.startswith(prefix) and len(path) > len(prefix):
            return prefix + MASK
    return path


def is_no_trace_path(path):
    """True for paths whose requests must never be logged with an address or user agent."""
    return any(path == p or path.startswith(p + '/') for p in NO_TRACE_PREFIXES)


class JsonFormatter(logging.Formatter):
    """Render a record as one JSON object; request fields come from `record.fields`."""

    def format(self, record):
        data = {'time': self.formatTime(record, '%Y-%m-%dT%H:%M:%S'), 'level': record.levelname,
                'logger': record.name, 'message': record.getMessage()}
        data.update(getattr(record, 'fields', {}))
        if record.exc_info:
            data['exc'] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def request_fields(response, duration_ms):
    """The fields logged for one request; address and user agent only outside the WBS; secrets in the path masked."""
    fields = {'method': request.method, 'path': logged_path(), 'status': response.status_code,
              'ms': round(duration_ms, 1), 'bytes': response.calculate_content_length()}
    if not is_no_trace_path(request.path) and not g.get('no_trace'):
        fields['ip'] = request.remote_addr
        fields['ua'] = request.user_agent.string[:200]
    return fields


def register_request_logging(app):
    """Time each request and log it as JSON when LOG_REQUESTS is on (production and the load test)."""
    if app.config.get('LOG_REQUESTS') and not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        # A whistleblower's requests are not logged at all: even without address or browser, a line's time (and the
        # journal's own stamp on it) lines up with the neighbouring lines that have them. Server errors still are.
        if is_no_trace_path(request.path) and response.status_code < 500:
            return response
        if app.config.get('LOG_REQUESTS') and request.endpoint != 'static':
            started = g.get('request_started', time.perf_counter())
            logger.info('request', extra={'fields': request_fields(response, (time.perf_counter() - started) * 1000)})
        return response
