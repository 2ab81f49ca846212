"""Publishing: the adapter protocol, the adapter registry and the built-in adapters."""
