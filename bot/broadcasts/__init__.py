"""HR broadcasts (#9): announcements to many employees, approved, throttled, resumable, with receipts."""
