"""Settings of HR broadcasts (composed into `bot.config.Settings`)."""
from __future__ import annotations

from pydantic_settings import BaseSettings


class BroadcastSettings(BaseSettings):
    broadcast_approval: bool = True  # four eyes: a second hr person approves
    broadcast_rate_matrix: float = 60.0  # msg/s; assumes the Synapse rate-limit override for the bot (README)
    broadcast_rate_telegram: float = 25.0
    broadcast_rate_web: float = 200.0
    broadcast_batch: int = 200  # rows a sender claims at once
    broadcast_stale_seconds: int = 120  # a row `sending` this long belongs to a crashed sender: resend (same txn id)
    broadcast_poll_seconds: int = 15

    def broadcast_rates(self) -> dict[str, float]:
        return {"matrix": self.broadcast_rate_matrix, "telegram": self.broadcast_rate_telegram,
                "web": self.broadcast_rate_web}
