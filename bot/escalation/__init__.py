"""Help-desk escalation (#8): cases a person takes over, from consent to close, on Matrix or by e-mail."""
