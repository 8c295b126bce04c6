"""One handler per intent, registered explicitly: `HANDLERS[intent] -> Action`."""
from __future__ import annotations

from actions import agreement, announcements, device, handoff, knowledge, mobile_work, privacy, smalltalk
from actions.base import Action
from actions.guard import PERSONAL_INTENTS

INTENTS = (
    "greet", "goodbye", "thanks", "bot_capabilities", "human_handoff", "affirm", "deny", "out_of_scope",
    "mobile_work_eligibility", "mobile_work_apply", "mobile_work_days", "working_time_rules",
    "data_protection_rules", "occupational_safety", "mobile_work_abroad", "telework_vs_mobile",
    "costs_reimbursement", "agreement_status", "agreement_change", "agreement_cancel", "device_status",
    "device_problem", "device_lost", "device_return", "peripherals_request", "vpn_help", "eakte_access",
    "subscribe_announcements", "unsubscribe_announcements", "privacy_info", "delete_my_data", "create_announcement",
)
"""The intents of the NLU (issue #4); `mobi kb check` verifies each has a handler and both languages."""

HANDLERS: dict[str, Action] = {
    "greet": smalltalk.greet,
    "goodbye": smalltalk.goodbye,
    "thanks": smalltalk.thanks,
    "bot_capabilities": smalltalk.bot_capabilities,
    "out_of_scope": smalltalk.out_of_scope,
    "affirm": smalltalk.affirm,
    "deny": smalltalk.deny,
    "human_handoff": handoff.human_handoff,
    "mobile_work_eligibility": mobile_work.mobile_work_eligibility,
    "mobile_work_apply": mobile_work.mobile_work_apply,
    "mobile_work_days": mobile_work.mobile_work_days,
    "working_time_rules": knowledge.general,
    "data_protection_rules": knowledge.general,
    "occupational_safety": knowledge.general,
    "mobile_work_abroad": knowledge.general,
    "telework_vs_mobile": knowledge.general,
    "costs_reimbursement": knowledge.general,
    "vpn_help": knowledge.general,
    "eakte_access": knowledge.eakte_access,
    "agreement_status": agreement.agreement_status,
    "agreement_change": agreement.agreement_change,
    "agreement_cancel": agreement.agreement_cancel,
    "device_status": device.device_status,
    "device_problem": device.device_problem,
    "device_lost": device.device_lost,
    "device_return": device.device_return,
    "peripherals_request": device.peripherals_request,
    "subscribe_announcements": announcements.subscribe_announcements,
    "unsubscribe_announcements": announcements.unsubscribe_announcements,
    "create_announcement": announcements.create_announcement,
    "privacy_info": privacy.privacy_info,
    "delete_my_data": privacy.delete_my_data,
    # not NLU intents: reached through context ("und bis wann?") or an offered option
    "agreement_until": agreement.agreement_until,
    "export_my_data": privacy.export_my_data,
    "something_else": smalltalk.something_else,
}

FALLBACK: Action = smalltalk.fallback

__all__ = ["FALLBACK", "HANDLERS", "INTENTS", "PERSONAL_INTENTS"]
