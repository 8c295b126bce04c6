"""The console's pages; each module's `register(registry)` declares its routes and roles."""
