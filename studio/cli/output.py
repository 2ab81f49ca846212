"""Shared output helpers so every command prints JSON and errors the same way."""

from __future__ import annotations

import json
import sys
from typing import Any


class CliError(Exception):
    """An error the user can fix; printed as one line, no traceback."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
