"""Built-in platform adapters, each registered under the ``studio.adapters`` entry points."""
