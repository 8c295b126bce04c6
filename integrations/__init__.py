"""Adapters to the outside world: databases, messengers, e-mail, help desk."""
