"""In-app and e-mail notifications."""
