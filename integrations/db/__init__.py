"""The three databases: agreement (HR), device (IT inventory) and bot (ours)."""
