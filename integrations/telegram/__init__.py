"""Telegram adapter: employees chat with mobi on their own phone once they linked their account by e-mail code."""
