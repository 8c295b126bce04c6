"""mobi runtime: message pipeline, dialogue, conversations, web server and CLI."""
