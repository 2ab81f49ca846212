"""Adapter discovery through the `studio.adapters` entry points, including broken plugins.

The test plugin package (tests/plugins/studio-test-adapter, installed by ./dev) registers a
working third-party adapter and two broken entry points; they must be reported and skipped.
"""

from __future__ import annotations

import json
from importlib import metadata

import pytest

from studio.api import API_VERSION
from studio.publish import registry
from studio.publish.adapters.folder import FolderAdapter


def _ep(name: str, value: str) -> metadata.EntryPoint:
    return metadata.EntryPoint(name=name, value=value, group=registry.GROUP)


def test_installed_adapters_are_found_and_broken_plugins_reported():
    reg = registry.registry(refresh=True)
    assert reg.adapters["folder"].cls is FolderAdapter
    noticeboard = reg.adapters["noticeboard"]
    assert noticeboard.distribution == "studio-test-adapter"
    problems = {p.entry_point: p for p in reg.problems}
    assert "plugin API version(s) (99,)" in problems["test-future-api"].reason
    assert "RuntimeError: this plugin is broken on purpose" in problems["test-exploding"].reason
    assert problems["test-exploding"].distribution == "studio-test-adapter"
    assert "test-future-api" not in reg.adapters and "test-exploding" not in reg.adapters


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("studio_test_adapter.broken:NoPublishAdapter", "lacks the method(s) publish"),
        ("studio_test_adapter.broken:NOT_A_CLASS", "not an adapter class"),
        ("studio_test_adapter.broken:Missing", "importing it failed: AttributeError"),
        ("studio_test_adapter.not_there:X", "cannot import 'studio_test_adapter.not_there'"),
        ("studio_test_adapter.noticeboard:NoticeboardAdapter", "register it under that"),
    ],
)
def test_each_kind_of_broken_adapter_is_skipped_with_its_reason(value, reason):
    name = "test-no-publish" if "NoPublish" in value else "oddname"
    reg = registry.scan(
        [_ep("folder", "studio.publish.adapters.folder:FolderAdapter"), _ep(name, value)]
    )
    assert list(reg.adapters) == ["folder"]
    (problem,) = reg.problems
    assert problem.entry_point == name and reason in problem.reason
    assert name in str(problem)


def test_a_second_adapter_with_the_same_name_is_refused():
    ep = "studio.publish.adapters.folder:FolderAdapter"
    reg = registry.scan([_ep("folder", ep), _ep("folder", ep)])
    assert list(reg.adapters) == ["folder"]
    assert "already provides 'folder'" in reg.problems[0].reason


def test_unknown_adapter_names_what_is_usable_and_why_a_broken_one_is_not():
    reg = registry.registry(refresh=True)
    with pytest.raises(registry.UnknownAdapterError, match=r"usable: .*folder"):
        reg.get("myspace")
    with pytest.raises(registry.UnknownAdapterError, match="plugin API version"):
        reg.get("test-future-api")


def test_studio_adapters_lists_capabilities_rules_secret_and_problems(cli):
    code, out, err = cli("adapters", "--json", json_out=True)
    assert code == 0
    adapters = {a["name"]: a for a in out["adapters"]}
    folder = adapters["folder"]
    assert folder["display_name"] == "Folder export" and folder["rules"] is None
    assert folder["secret"]["required"] is False
    assert folder["capabilities"]["idempotency"] == "key" and API_VERSION in folder["api_versions"]
    assert adapters["noticeboard"]["rules"] == "mastodon"
    assert {"test-future-api", "test-exploding"} <= {p["entry_point"] for p in out["problems"]}
    json.dumps(out)
    code, text, err = cli("adapters")
    assert code == 0 and "noticeboard" in text and "problem: adapter 'test-exploding'" in err


def test_the_documented_example_adapter_is_complete_and_works(tmp_path):
    """docs/plugins.md's example, executed as written, against the noticeboard server."""
    from contract.noticeboard import NoticeboardServer

    from studio.api import Account, Credentials, PublishRequest
    from studio.publish.context import LocalContext

    doc = (registry_docs() / "plugins.md").read_text(encoding="utf-8")
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(code, "docs/plugins.md", "exec"), namespace)
    cls = namespace["NoticeboardAdapter"]
    assert registry.check_adapter(cls) is None
    with NoticeboardServer(mode="lookup") as server:
        account = Account("nb", "noticeboard", server=server.url)
        adapter = cls(account, LocalContext(Credentials("nb-token")))
        assert adapter.verify().handle == "embassy"
        request = PublishRequest(key="a" * 64, account=account, text="Bonjour", langs=("fr",))
        assert adapter.reconcile(request) is None
        published = adapter.publish(request, [])
        assert adapter.reconcile(request) == published
        assert server.notices[0]["text"] == "Bonjour" and server.notices[0]["lang"] == "fr"


def registry_docs():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "docs"
