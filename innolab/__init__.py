"""InnoLab: the innovation laboratory of a regional government."""
from __future__ import annotations

from pathlib import Path

from dotenv import load_dotenv
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from innolab import cli, errors, i18n, notifications, search, security, urls
from innolab.config import load_settings
from innolab.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = ROOT / "migrations"


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides settings read from the environment."""
    load_dotenv(ROOT / ".env")
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(load_settings(instance))
    if config:
        app.config.update(config)

    app.logger.setLevel(app.config["LOG_LEVEL"])
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    urls.init_app(app)  # URL converters first: rules pick theirs when blueprints add them
    _init_extensions(app)
    _register_blueprints(app)
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    notifications.init_app(app)
    search.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from innolab import models  # noqa: F401  (register every table before Migrate sees the metadata)
    from innolab.auth import sessions
    from innolab.database import configure_engine

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    sessions.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)


def _register_blueprints(app: Flask) -> None:
    from innolab.admin.routes import bp as admin_bp
    from innolab.api.routes import bp as api_bp
    from innolab.auth.routes import bp as auth_bp
    from innolab.catalogue.routes import bp as catalogue_bp
    from innolab.comments.routes import bp as comments_bp
    from innolab.dashboard.routes import bp as dashboard_bp
    from innolab.evidence.routes import bp as evidence_bp
    from innolab.lab.routes import bp as lab_bp
    from innolab.main.routes import bp as main_bp
    from innolab.notifications.routes import bp as notifications_bp
    from innolab.proposals.routes import bp as proposals_bp
    from innolab.readiness.routes import bp as readiness_bp
    from innolab.replication.routes import bp as replication_bp
    from innolab.review.routes import bp as review_bp
    from innolab.transfer.routes import bp as transfer_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(proposals_bp, url_prefix="/proposals")
    app.register_blueprint(evidence_bp)  # routes under /proposals/<id>/evidence and /lab/checklists
    app.register_blueprint(comments_bp)  # routes under /proposals/<id>/comments
    app.register_blueprint(lab_bp, url_prefix="/lab")
    app.register_blueprint(review_bp, url_prefix="/review")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(catalogue_bp)  # /catalogue, /search
    app.register_blueprint(dashboard_bp, url_prefix="/dashboard")
    app.register_blueprint(replication_bp, url_prefix="/replications")
    app.register_blueprint(readiness_bp, url_prefix="/readiness")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(transfer_bp, url_prefix="/transfer")  # import and export of innovations
