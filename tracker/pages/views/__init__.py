"""Page views, one module per concept; each validates a form and calls a service."""
