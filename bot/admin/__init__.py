"""The admin web console under /admin (see `bot.admin.app`); kept light so settings and schema import fast."""
