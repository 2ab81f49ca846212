"""The bundle's entry point: the ``studio`` command, frozen.

``freeze_support()`` must run before anything else: the render pool starts worker processes
(spawn on Windows and macOS, a forkserver under the Linux GUI) by re-running this very program,
and those children must turn into workers here instead of parsing a command line.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from studio.cli import main

    raise SystemExit(main())
