"""Matrix adapter: employees chat with mobi on the city's homeserver (matrix-nio, end-to-end encrypted)."""
