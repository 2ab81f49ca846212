"""`studio kits list` and `studio kits check PATH`."""

from __future__ import annotations

from pathlib import Path

from studio.cli.output import add_json_flag, print_json
from studio.core.brandkit import KitError, check_kit, kit_search_path, list_kits
from studio.core.workspace import resolve_workspace_dir


def register(sub) -> None:
    p = sub.add_parser("kits", help="list or check brand kits (see docs/brand-kits.md)")
    ksub = p.add_subparsers(dest="kits_command", metavar="ACTION", required=True)
    ls = ksub.add_parser(
        "list", help="kits on the search path: workspace, $STUDIO_BRAND_KITS, bundled"
    )
    add_json_flag(ls)
    ls.set_defaults(func=run_list)
    ck = ksub.add_parser("check", help="validate a kit folder; exit 1 listing every problem")
    ck.add_argument("path", metavar="PATH", help="a kit folder or its kit.toml")
    add_json_flag(ck)
    ck.set_defaults(func=run_check)


def _kit_json(kit) -> dict:
    return {
        "id": kit.id,
        "name": kit.name,
        "languages": list(kit.languages),
        "path": str(kit.path),
        "approvals_required": kit.approvals_required,
        "broken": False,
        "problems": [],
    }


def _broken_json(err: KitError) -> dict:
    return {
        "id": err.kit_id,
        "name": None,
        "languages": [],
        "path": str(err.path),
        "approvals_required": None,
        "broken": True,
        "problems": [str(p) for p in err.problems],
    }


def run_list(args) -> int:
    # Listing kits must not create a workspace folder as a side effect.
    search = kit_search_path(resolve_workspace_dir(args.workspace))
    kits = list_kits(search)
    rows = [_broken_json(k) if isinstance(k, KitError) else _kit_json(k) for k in kits]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        if row["broken"]:
            count = len(row["problems"])
            print(f"{row['id']:<24} BROKEN: {count} problem{'s' if count != 1 else ''}")
            for problem in row["problems"]:
                print(f"    {problem}")
        else:
            print(
                f"{row['id']:<24} {row['name']}  [{', '.join(row['languages'])}; "
                f"{row['approvals_required']} approval(s)]  {row['path']}"
            )
    if not rows:
        print("no brand kits found in: " + ", ".join(str(p) for p in search))
    return 0


def run_check(args) -> int:
    problems = check_kit(Path(args.path))
    if args.json:
        print_json(
            {
                "path": args.path,
                "valid": not problems,
                "problems": [
                    {"file": str(p.file), "field": p.field, "message": p.message} for p in problems
                ],
            }
        )
    elif problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s) in {args.path}")
    else:
        print(f"{args.path}: ok")
    return 1 if problems else 0
