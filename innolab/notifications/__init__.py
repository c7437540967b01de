"""In-app and e-mail notifications."""


def init_app(app) -> None:
    """E-mail on commit, and the send-digests and remind-reviews commands."""
    from innolab.notifications import cli, delivery

    delivery.init_app(app)
    cli.init_app(app)
