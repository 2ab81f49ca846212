"""A plugin whose import fails: the studio must report it and carry on without it."""

raise RuntimeError("this plugin is broken on purpose (test of the adapter registry)")
