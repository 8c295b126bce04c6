"""One handler per intent, registered explicitly: `HANDLERS[intent] -> Action`."""
from __future__ import annotations

from actions import agreement, device, smalltalk
from actions.base import Action

HANDLERS: dict[str, Action] = {
    "greet": smalltalk.greet,
    "goodbye": smalltalk.goodbye,
    "thanks": smalltalk.thanks,
    "bot_capabilities": smalltalk.bot_capabilities,
    "out_of_scope": smalltalk.out_of_scope,
    "agreement_status": agreement.agreement_status,
    "device_status": device.device_status,
}

FALLBACK: Action = smalltalk.fallback
