"""`studio review-pack|review|decision import|brief|keys`: review away from the workspace.

``review-pack`` and ``decision import`` run where the workspace is; ``review`` and ``keys`` run
on the reviewer's computer and need no workspace at all. Refusals (a pack or decision that does
not check out) exit 1 with the reason; other errors exit 2, like every command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import CliError, add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("review-pack", help="export a post in review for an offline reviewer (zip)")
    p.add_argument("id", type=int)
    p.add_argument("--out", required=True, metavar="FILE.zip")
    pdf = p.add_mutually_exclusive_group()
    pdf.add_argument(
        "--pdf",
        dest="pdf",
        action="store_true",
        default=None,
        help="require the brief as PDF too (needs LibreOffice)",
    )
    pdf.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        help="DOCX brief only, even when LibreOffice is installed",
    )
    add_json_flag(p)
    p.set_defaults(func=run_pack)

    p = sub.add_parser("review", help="check a review pack and sign your decision (offline)")
    p.add_argument("pack", metavar="FILE.zip")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--approve", dest="decision", action="store_const", const="approve")
    how.add_argument(
        "--request-changes", dest="decision", action="store_const", const="request_changes"
    )
    p.add_argument("--comment", default="", metavar="TEXT")
    p.add_argument("--out", metavar="DECISION.json", help="where to write the signed decision")
    p.add_argument("--extract", metavar="DIR", help="also unpack the checked files to look at")
    add_json_flag(p)
    p.set_defaults(func=run_review)

    p = sub.add_parser("decision", help="import a reviewer's signed decision")
    dsub = p.add_subparsers(dest="decision_command", metavar="ACTION", required=True)
    i = dsub.add_parser("import", help="verify a decision file and apply it to its post")
    i.add_argument("file", metavar="DECISION.json")
    add_json_flag(i)
    i.set_defaults(func=run_import)

    p = sub.add_parser("brief", help="write the approval brief of a post (DOCX, optional PDF)")
    p.add_argument("id", type=int)
    p.add_argument("--out", required=True, metavar="FILE.docx")
    p.add_argument("--pdf", action="store_true", help="also write FILE.pdf (needs LibreOffice)")
    add_json_flag(p)
    p.set_defaults(func=run_brief)

    p = sub.add_parser("keys", help="a reviewer's own signing key on this computer")
    ksub = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    k = ksub.add_parser("init", help="make your reviewer key (kept in this keyring); print it")
    k.add_argument("name")
    add_json_flag(k)
    k.set_defaults(func=run_keys_init)
    k = ksub.add_parser("show", help="print your reviewer key's public half and fingerprint")
    k.add_argument("name")
    add_json_flag(k)
    k.set_defaults(func=run_keys_show)


@fail_on_studio_errors
def run_pack(args) -> int:
    from studio.review.pack import export_review_pack
    from studio.review.pack_verify import PackError

    with open_workspace(args) as ws:
        try:
            result = export_review_pack(ws, args.id, Path(args.out), pdf=args.pdf)
        except PackError as exc:
            raise CliError(str(exc), exit_code=1) from None
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"review pack of post #{result.post_id} written to {result.path}")
    print(f"round {result.round}, content hash {result.content_hash}")
    print(
        f"{result.files} files, {result.bytes / 1e6:.1f} MB" + ("" if result.pdf else " (no PDF)")
    )
    if result.pdf_problem:
        print(f"note: {result.pdf_problem}", file=sys.stderr)
    return 0


def _summary(pack) -> None:
    m = pack.manifest
    print(f"review pack verified: {pack.path}")
    print(f"post #{m['post_id']} {m['title']}  (workspace {m['workspace_id']})")
    print(f"review round {m['round']}, content hash {m['content_hash']}")
    print(f"submitted by {m.get('submitted_by')} at {m.get('submitted_at')}")
    print(f"approvals required: {m.get('approvals_required')}; approvers:")
    for a in m["approvers"]:
        print(f"  {a['name']:<16} {a['fingerprint']}")
    content = m["content"]
    print(f"schedule: {content.get('schedule_at') or 'when approved'}")
    for t in content["targets"]:
        where = t["platform"] + (f" ({t['account']})" if t.get("account") else "")
        print(f"\n== {where}: {len(t['media'])} media")
        for line in t["text"].split("\n"):
            print(f"   {line}")
    print(f"\n{len(pack.files)} files checked against the manifest")


@fail_on_studio_errors
def run_review(args) -> int:
    from studio.core.users import current_user_name
    from studio.review.offline import sign_pack_decision, write_decision
    from studio.review.pack_verify import PackError, open_pack

    if args.decision and not args.out:
        raise CliError("say where to write the decision: --out DECISION.json")
    if args.out and not args.decision:
        raise CliError("choose --approve or --request-changes to sign a decision")
    try:
        pack = open_pack(args.pack)
    except PackError as exc:
        raise CliError(str(exc), exit_code=1) from None
    extracted = pack.extract(Path(args.extract)) if args.extract else []
    signed = None
    if args.decision:
        signed = sign_pack_decision(pack, args.decision, args.comment, current_user_name())
        write_decision(signed, args.out)
    if args.json:
        print_json(
            {
                "verified": True,
                "manifest": {k: v for k, v in pack.manifest.items() if k != "files"},
                "files": len(pack.files),
                "extracted": [str(p) for p in extracted],
                "signed": signed.to_json() if signed else None,
                "out": args.out,
            }
        )
        return 0
    _summary(pack)
    if extracted:
        print(f"{len(extracted)} files extracted to {args.extract}")
    if signed:
        for warning in signed.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        d = signed.document
        print(
            f"\n{d['decision']} of post #{d['post_id']} signed by {d['signer']} "
            f"({signed.key.fingerprint}) -> {args.out}"
        )
        print("send this file back; it is imported with `studio decision import FILE`")
    return 0


@fail_on_studio_errors
def run_import(args) -> int:
    from studio.review.decision_import import DecisionRefused, import_decision

    with open_workspace(args) as ws:
        try:
            result = import_decision(ws, Path(args.file))
        except DecisionRefused as exc:
            raise CliError(f"decision refused: {exc}", exit_code=1) from None
    if args.json:
        print_json(result.to_json())
        return 0
    d, s = result.decision, result.status
    if result.outcome == "already_imported":
        print(f"already imported: {d['decision']} of post #{d['post_id']} by {d['signer']}")
    else:
        print(f"imported: {d['decision']} of post #{d['post_id']} by {d['signer']}")
    print(
        f"post #{s['post_id']} is {s['state']}: {s['approvals_valid']} of "
        f"{s['approvals_required']} approvals"
    )
    return 0


@fail_on_studio_errors
def run_brief(args) -> int:
    from studio.review.brief import export_brief

    with open_workspace(args) as ws:
        result = export_brief(ws, args.id, Path(args.out), pdf=args.pdf)
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"brief written to {result.docx}" + (f" and {result.pdf}" if result.pdf else ""))
    print(f"content hash {result.content_hash}")
    if result.pdf_problem:
        raise CliError(result.pdf_problem, exit_code=1)
    return 0


def _show_key(info, args, created: bool | None) -> int:
    if args.json:
        print_json(info.to_json() | ({"created": created} if created is not None else {}))
        return 0
    if created is not None:
        print(
            ("made a new" if created else "you already have a") + f" reviewer key for {info.name}"
        )
    print(f"public key:  {info.public_key}")
    print(f"fingerprint: {info.fingerprint}")
    print("give both to the workspace (check the fingerprint with them by phone or in person);")
    print(f"they register it with: {info.to_json()['register_with']}")
    return 0


@fail_on_studio_errors
def run_keys_init(args) -> int:
    from studio.review.keys import init_reviewer_key

    info, created = init_reviewer_key(args.name)
    return _show_key(info, args, created)


@fail_on_studio_errors
def run_keys_show(args) -> int:
    from studio.review.keys import reviewer_key_info

    return _show_key(reviewer_key_info(args.name), args, None)
