"""Unrecognized questions: only unsure incoming messages, never who asked; each reviewed once."""
import pytest

from bot.admin import review
from tests.admin.support import seed_messages


async def test_pending_lists_unsure_messages_and_assign_removes_them(dbs):
    first, second = await seed_messages(dbs.bot, unsure=("Café?", "Zug?"))
    async with dbs.bot.begin() as conn:
        questions, total = await review.pending(conn, 0.45)
        assert total == 2 and [q.text for q in questions] == ["Zug?", "Café?"]
        assert not hasattr(questions[0], "conversation_id")
        assert await review.assign(conn, first, "mobile_work_rules", 0.45, reviewer="h@x.de") == "Café?"
        await review.dismiss(conn, second, 0.45, reviewer="h@x.de")
        assert await review.pending(conn, 0.45) == ([], 0)
        with pytest.raises(review.ReviewError, match="schon bearbeitet"):
            await review.assign(conn, first, "greet", 0.45, reviewer="h@x.de")
