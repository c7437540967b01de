"""gunicorn settings for InnoLab: `gunicorn -c gunicorn.conf.py` from the checkout.

Every value can be overridden by an environment variable, so one file serves every host.
"""
import multiprocessing
import os

wsgi_app = "innolab:create_app()"
bind = os.environ.get("INNOLAB_BIND", "127.0.0.1:8000")
# Sync workers: each request owns a process, so one slow search never stalls another user's save. Put a buffering
# reverse proxy (nginx) in front so slow clients don't hold a worker.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("INNOLAB_WORKER_TIMEOUT", "60"))  # an XLSX import of a few thousand rows fits
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so memory a long-lived index searcher accumulated is returned.
max_requests = int(os.environ.get("INNOLAB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Each worker builds its own app: database pools and index readers must not be shared across fork().
preload_app = False
# Trust X-Forwarded-* only from the proxy's address (comma-separated), never from anyone.
forwarded_allow_ips = os.environ.get("INNOLAB_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("INNOLAB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("INNOLAB_LOG_LEVEL", "info").lower()
# Request lines and headers: generous for long search queries, bounded against abuse.
limit_request_line = 8190
limit_request_fields = 100
# gunicorn 27's control socket defaults to one path per user, which two instances on a host would fight over; the
# app does not use it.
control_socket_disable = True
