"""`studio publish`, `studio outbox [run|retry|resolve|release|policy]`, `studio pause|resume`.

Publishing only ever queues approved content (the gate runs in ``publish`` and again before
each request); ``outbox run`` is the worker. Exit codes: 0 done, 1 something failed, waits for a
person or (``publish --wait``) was not sent, 2 a refusal to fix.
"""

from __future__ import annotations

import sys

from studio.cli.context import fail_on_studio_errors, open_workspace
from studio.cli.output import CliError, add_json_flag, print_json


def register(sub) -> None:
    p = sub.add_parser("publish", help="queue an approved post for its accounts")
    p.add_argument("id", type=int)
    p.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="NAME",
        help="only these approved accounts (repeatable; default: all)",
    )
    p.add_argument("--at", metavar="ISO8601", help="when, if the approved post has no schedule")
    p.add_argument("--wait", action="store_true", help="send now and wait for the results")
    add_json_flag(p)
    p.set_defaults(func=run_publish)

    o = sub.add_parser("outbox", help="list deliveries; run, retry, resolve or release them")
    add_json_flag(o)
    o.add_argument("--post", type=int, metavar="ID", help="only this post's deliveries")
    o.set_defaults(func=run_list)
    osub = o.add_subparsers(dest="outbox_command", metavar="ACTION")

    r = osub.add_parser("run", help="send due deliveries (the worker)")
    r.add_argument("--once", action="store_true", help="one pass over what is due now")
    r.add_argument("--until-idle", action="store_true", help="stop when nothing is due or retrying")
    r.add_argument("--backoff", type=float, metavar="SECONDS", help="first retry delay (default 5)")
    r.add_argument("--max-attempts", type=int, metavar="N", help="tries before failing (8)")
    r.add_argument(
        "--reconcile-delay",
        type=float,
        metavar="SECONDS",
        help="wait before checking whether an interrupted post landed (default 90)",
    )
    r.add_argument("--poll", type=float, metavar="SECONDS", help="idle wait (default 2)")
    add_json_flag(r)
    r.set_defaults(func=run_worker)

    t = osub.add_parser("retry", help="queue a failed or cancelled delivery again")
    t.add_argument("delivery", type=int, metavar="DELIVERY")
    add_json_flag(t)
    t.set_defaults(func=run_retry)

    s = osub.add_parser("resolve", help="say whether an uncertain delivery went out")
    s.add_argument("delivery", type=int, metavar="DELIVERY")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--posted", metavar="URL", help="it is on the platform, at this URL")
    g.add_argument("--not-posted", action="store_true", help="it is not there: send it")
    add_json_flag(s)
    s.set_defaults(func=run_resolve)

    e = osub.add_parser("release", help="send a late delivery that was held for confirmation")
    e.add_argument("delivery", type=int, metavar="DELIVERY")
    add_json_flag(e)
    e.set_defaults(func=run_release)

    lp = osub.add_parser("policy", help="what happens to deliveries that are late at start")
    lp.add_argument("late_policy", choices=("send", "ask"))
    lp.add_argument("--grace", type=int, metavar="MINUTES", help="how late counts as late")
    lp.set_defaults(func=run_policy)

    pa = sub.add_parser("pause", help="crisis pause: stop all sending now (survives restarts)")
    pa.add_argument("--reason", required=True, metavar="TEXT")
    add_json_flag(pa)
    pa.set_defaults(func=run_pause)

    re_ = sub.add_parser("resume", help="lift the crisis pause")
    add_json_flag(re_)
    re_.set_defaults(func=run_resume)


def _line(d) -> str:
    when = f" next {d.next_at}" if d.state == "queued" and d.next_at else ""
    if d.state == "queued" and d.scheduled_at and not d.next_at:
        when = f" at {d.scheduled_at}"
    where = f" {d.url or d.remote_id}" if d.state == "sent" else ""
    error = f"  [{d.error_kind}] {d.error}" if d.error and d.state != "sent" else ""
    return (
        f"#{d.id:<4} post #{d.post_id:<4} {d.account:<18} {d.platform:<10} {d.state:<9} "
        f"tries {d.attempts}{when}{where}{error}"
    )


def _print_deliveries(deliveries, args, pause=None) -> None:
    if args.json:
        print_json(
            {
                "paused": pause.to_json() if pause else None,
                "deliveries": [d.to_json() for d in deliveries],
            }
        )
        return
    if pause is not None:
        print(pause.banner())
    for d in deliveries:
        print(_line(d))
    if not deliveries:
        print("the outbox is empty (studio publish ID queues an approved post)")


def _bad(deliveries) -> bool:
    return any(d.state in ("failed", "uncertain", "held", "cancelled") for d in deliveries)


@fail_on_studio_errors
def run_publish(args) -> int:
    from studio.core import outbox_control
    from studio.core.outbox_enqueue import publish_post

    with open_workspace(args) as ws:
        queued = publish_post(ws, args.id, accounts=args.account or None, at=args.at)
        ids = {d.id for d in queued}
        if args.wait:
            from studio.publish.worker import Worker

            def done() -> bool:
                return (
                    all(ws.outbox.get(i).state not in ("queued", "sending") for i in ids)
                    or outbox_control.paused(ws) is not None
                )

            def show(d) -> None:
                if d.id in ids and not args.json:
                    print(_line(d), file=sys.stderr)

            Worker(ws, on_state=show).run(until=done)
        deliveries = [ws.outbox.get(i) for i in sorted(ids)]
        pause = outbox_control.paused(ws)
        state = ws.posts.get(args.id).state
    if args.json:
        print_json(
            {
                "post": args.id,
                "state": state,
                "paused": pause.to_json() if pause else None,
                "deliveries": [d.to_json() for d in deliveries],
            }
        )
    else:
        if pause is not None:
            print(pause.banner())
        print(f"post #{args.id} is {state}; {len(deliveries)} deliveries:")
        for d in deliveries:
            print(_line(d))
    return 1 if args.wait and any(d.state != "sent" for d in deliveries) else 0


@fail_on_studio_errors
def run_list(args) -> int:
    from studio.core import outbox_control

    with open_workspace(args) as ws:
        deliveries = ws.outbox.list(post_id=args.post)
        pause = outbox_control.paused(ws)
    _print_deliveries(deliveries, args, pause)
    return 0


def _policy(args):
    from studio.publish.worker import Policy

    policy = Policy()
    for arg, attr in (
        ("backoff", "backoff_base"),
        ("max_attempts", "max_attempts"),
        ("reconcile_delay", "reconcile_delay"),
        ("poll", "poll"),
    ):
        value = getattr(args, arg)
        if value is not None:
            if value < 0 or (attr == "max_attempts" and value < 1):
                raise CliError(f"--{arg.replace('_', '-')} must be positive")
            setattr(policy, attr, value)
    return policy


@fail_on_studio_errors
def run_worker(args) -> int:
    from studio.core import outbox_control
    from studio.publish.worker import Worker

    with open_workspace(args) as ws:
        pause = outbox_control.paused(ws)
        if pause is not None and not args.json:
            print(pause.banner(), file=sys.stderr)

        def show(d) -> None:
            if not args.json:
                print(_line(d), flush=True)

        worker = Worker(ws, policy=_policy(args), on_state=show)
        try:
            summary = worker.run(once=args.once, until_idle=args.until_idle)
        except KeyboardInterrupt:
            worker.stop()
            raise
        deliveries = [ws.outbox.get(i) for i in sorted(summary.states)]
    if args.json:
        print_json(
            {
                "attempts": summary.attempts,
                "paused": summary.paused,
                "held": summary.held,
                "deliveries": [d.to_json() for d in deliveries],
            }
        )
    return 1 if _bad(deliveries) else 0


def _one(args, action) -> int:
    with open_workspace(args) as ws:
        d = action(ws)
    if getattr(args, "json", False):
        print_json(d.to_json())
    else:
        print(_line(d))
    return 0


@fail_on_studio_errors
def run_retry(args) -> int:
    return _one(args, lambda ws: ws.outbox.retry(args.delivery))


@fail_on_studio_errors
def run_release(args) -> int:
    return _one(args, lambda ws: ws.outbox.release(args.delivery))


@fail_on_studio_errors
def run_resolve(args) -> int:
    return _one(
        args,
        lambda ws: ws.outbox.resolve(
            args.delivery, posted_url=args.posted, posted=bool(args.posted)
        ),
    )


@fail_on_studio_errors
def run_policy(args) -> int:
    from studio.core import outbox_control

    with open_workspace(args) as ws:
        outbox_control.set_late_policy(ws, args.late_policy, args.grace)
        grace = outbox_control.late_grace_minutes(ws)
    print(f"late deliveries (over {grace} min): {args.late_policy}")
    return 0


@fail_on_studio_errors
def run_pause(args) -> int:
    from studio.core import outbox_control

    with open_workspace(args) as ws:
        pause = outbox_control.pause(ws, args.reason)
    if args.json:
        print_json(pause.to_json())
    else:
        print(pause.banner())
    return 0


@fail_on_studio_errors
def run_resume(args) -> int:
    from studio.core import outbox_control

    with open_workspace(args) as ws:
        was = outbox_control.resume(ws)
    if args.json:
        print_json({"resumed": was is not None, "was": was.to_json() if was else None})
    elif was is None:
        print("publishing was not paused")
    else:
        print(f"publishing resumed (paused since {was.at}: {was.reason})")
    return 0
