"""Settings of HR broadcasts (composed into `bot.config.Settings`)."""
from __future__ import annotations

from pydantic_settings import BaseSettings


class BroadcastSettings(BaseSettings):
    broadcast_approval: bool = True  # four eyes: a second hr person approves
    broadcast_rate_matrix: float = 60.0  # msg/s; assumes the Synapse rate-limit override for the bot (README)
    broadcast_rate_telegram: float = 25.0
    broadcast_rate_web: float = 200.0
    broadcast_matrix_room_rate: float = 5.0  # new DMs/s the bot opens (createRoom + invite; override needed too)
    broadcast_in_flight_matrix: int = 8  # Matrix sends under way at once (within the rate; resends are deduplicated)
    broadcast_batch: int = 200  # rows a sender claims at once
    broadcast_stale_seconds: int = 120  # a row `sending` this long belongs to a crashed sender: resend (same txn id)
    broadcast_poll_seconds: int = 15
    broadcast_retry_seconds: float = 30.0  # first retry after a temporary failure; doubles, at most an hour
    broadcast_max_attempts: int = 8  # then the delivery counts as failed

    def broadcast_rates(self) -> dict[str, float]:
        return {"matrix": self.broadcast_rate_matrix, "telegram": self.broadcast_rate_telegram,
                "web": self.broadcast_rate_web}
