"""URL extraction exactly as twitter-text v3 does it, so X and Mastodon counts match theirs.

X replaces every URL it recognises with a 23-character t.co link, and Mastodon (whose
extractor is twitter-text's Ruby port) counts each URL as ``characters_reserved_per_url``. What
*is* a URL is therefore part of the count: ``example.com`` is one (23 characters), ``example.jp``
alone is not (a ccTLD short domain), and a host label longer than 63 characters after punycode
makes the whole match plain text again. This module re-implements the rules of twitter-text's
``extractUrlsWithIndices`` (Apache-2.0, https://github.com/twitter/twitter-text) in Python; the
TLD list is vendored verbatim in ``studio/core/data/twitter_tld_lib.yml``.

Spans are Python string indices (code points), not UTF-16 units; :mod:`studio.core.twitter_text`
converts where the UTF-16 ranges of twitter-text are needed.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import regex

TLD_FILE = Path(__file__).with_name("data") / "twitter_tld_lib.yml"
MAX_URL_LENGTH = 4096  # twitter-text: longer URLs are not URLs
MAX_LABEL_LENGTH = 63  # DNS label limit, checked after punycode
MAX_TCO_SLUG_LENGTH = 40
RUN_TIMEOUT = 0.05  # seconds of regex work per space-free run; see _matches

SPACES = "\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
INVALID_CHARS = "\ufffe\ufeff\uffff"
DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]\^_{|}~$"
_LATIN_ACCENTS = (
    "\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b"
    "\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"


def load_tlds(path: Path = TLD_FILE) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(country, generic) TLDs from twitter-text's ``tld_lib.yml``.

    The file is a flat two-key YAML list; parsing it by hand keeps PyYAML out of the runtime.
    """
    groups: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line == "---":
            continue
        if line.endswith(":") and not line.startswith("- "):
            current = groups.setdefault(line[:-1], [])
        elif line.startswith("- ") and current is not None:
            current.append(line[2:].strip().strip("'\""))
        else:
            raise ValueError(f"unexpected line in {path.name}: {raw!r}")
    return tuple(groups["country"]), tuple(groups["generic"])


def _alternation(words) -> str:
    """A trie-shaped alternation: one regex branch per shared prefix, fast to try."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [regex.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(trie)


@cache
def _patterns():
    country, generic = load_tlds()
    tld_end = r"(?=[^a-zA-Z0-9@+\-]|$)"
    gtld = f"(?:{_alternation(generic)}){tld_end}"
    cctld = f"(?:{_alternation(country)}){tld_end}"
    punycode = r"(?:xn--[\-0-9a-z]+)"
    dc = f"[^{_PUNCT}{SPACES}{INVALID_CHARS}{DIRECTIONAL}]"
    subdomain = f"(?:(?:{dc}(?:[_\\-]|{dc})*)?{dc}\\.)"
    domain_name = f"(?:(?:{dc}(?:-|{dc})*)?{dc}\\.)"
    domain = f"(?:{subdomain}*{domain_name}(?:{gtld}|{cctld}|{punycode}))"
    path_char = f"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~&|@{_LATIN_ACCENTS}]"
    parens = f"\\((?:{path_char}+|(?:{path_char}*\\({path_char}+\\){path_char}*))\\)"
    path_end = f"(?:[+\\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|{parens})"
    url_path = f"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:@{path_char}+/))"
    query_char = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
    query_end = r"[a-z0-9\-_&=#/]"
    preceding = f"(?:[^A-Za-z0-9@\uff20$#\uff03{INVALID_CHARS}]|[{DIRECTIONAL}]|^)"
    flags = regex.IGNORECASE | regex.VERSION0
    return {
        "url": regex.compile(
            f"(?P<before>{preceding})(?P<url>(?P<protocol>https?://)?(?P<domain>{domain})"
            f"(?::[0-9]+)?(?P<path>/{url_path}*)?(?:\\?{query_char}*{query_end})?)",
            flags,
        ),
        "ascii_domain": regex.compile(
            f"(?:(?:[\\-a-z0-9{_LATIN_ACCENTS}]+)\\.)+(?:{gtld}|{cctld}|{punycode})", flags
        ),
        "invalid_short": regex.compile(f"^{domain_name}{cctld}$", flags),
        "special_short": regex.compile(f"^{domain_name}(?:(?:co|tv){tld_end})$", flags),
        "tco": regex.compile(
            f"^https?://t\\.co/([a-z0-9]+)(?:\\?{query_char}*{query_end})?", flags
        ),
        "no_protocol_before": regex.compile(r"[\-_./]$"),
        # Every URL host ends in a TLD right after a dot, after a chain of domain characters.
        "tld_after_dot": regex.compile(f"\\.(?:{gtld}|{cctld}|{punycode})", flags),
        "chain_before": regex.compile(f"(?:{dc}|[._\\-])+", flags | regex.REVERSE),
    }


def _utf16_len(s: str) -> int:
    return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)


def _domain_ok(url: str, protocol: str, domain: str, p) -> bool:
    """twitter-text's ``isValidUrl``: every label punycodes to 1-63 chars, URL <= 4096."""
    if domain[:4] == "xn--" and not p["ascii_domain"].search(domain):
        return False
    for label in domain.split("."):
        try:
            encoded = label if label.isascii() else "xn--" + label.encode("punycode").decode()
        except UnicodeError:
            return False
        if not 1 <= len(encoded) <= MAX_LABEL_LENGTH:
            return False
    return _utf16_len(protocol) + _utf16_len(url) <= MAX_URL_LENGTH


_SPACE = regex.compile(f"[{SPACES}]")
_SPACE_BEFORE = regex.compile(f"[{SPACES}]", regex.REVERSE)


def _matches(p, text: str, needle: str):
    """The matches of ``p["url"].finditer(text)``, found without scanning every position.

    A URL never contains a space, and its host ends in a TLD right after a dot, preceded by an
    unbroken chain of domain characters. So within each space-free run that contains
    ``needle``, the search jumps to just before the chain leading to the next TLD (room for
    "https://" and the preceding character): no match can start earlier and end there. This
    finds exactly the same matches as scanning everything, keeps the per-keystroke cost
    independent of the prose around the links, and avoids the regex's quadratic retries on
    long dotted runs ("a.b.c...", CJK sentences ending in '.'). A run that still takes more
    than ``RUN_TIMEOUT`` seconds is treated as holding no URL rather than freezing the composer.
    """
    url, tld, chain = p["url"], p["tld_after_dot"], p["chain_before"]
    i = text.find(needle)
    while i != -1:
        before = _SPACE_BEFORE.search(text, 0, i)
        start = before.start() if before else 0
        after = _SPACE.search(text, i)
        end = after.start() if after else len(text)
        pos = start
        try:
            while pos < end:
                dot = tld.search(text, pos, end, timeout=RUN_TIMEOUT)
                if dot is None:
                    break
                link = chain.match(text, pos, dot.start())  # REVERSE: ends at the dot
                chain_start = link.start() if link else dot.start()
                m = url.search(text, max(pos, chain_start - 9), end, timeout=RUN_TIMEOUT)
                if m is None:
                    break
                yield m
                pos = max(m.end(), pos + 1)
        except TimeoutError:
            pass
        i = text.find(needle, end)


def url_spans(text: str, *, require_protocol: bool = False) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each URL twitter-text recognises, in order, as string indices.

    ``require_protocol`` gives Mastodon's rule (``extract_url_without_protocol: false``).
    Cached: validation asks for the same text's URLs once per platform on every keystroke.
    """
    return _url_spans(text, require_protocol)


@lru_cache(maxsize=64)
def _url_spans(text: str, require_protocol: bool) -> tuple[tuple[int, int], ...]:
    needle = ":" if require_protocol else "."
    if needle not in text:
        return ()
    p = _patterns()
    spans: list[tuple[int, int]] = []
    for m in _matches(p, text, needle):
        url, protocol, domain = m["url"], m["protocol"] or "", m["domain"]
        start, end = m.start("url"), m.end("url")
        if not _domain_ok(url, protocol or "https://", domain, p):
            continue
        if protocol:
            tco = p["tco"].match(url)
            if tco:
                if len(tco[1]) > MAX_TCO_SLUG_LENGTH:
                    continue
                end = start + len(tco[0])
            spans.append((start, end))
            continue
        if require_protocol or p["no_protocol_before"].search(m["before"]):
            continue
        # Without a protocol only ASCII domains count, and "word.cc" needs a path (t.co may not).
        domain_start = m.start("domain")
        last = None
        for a in p["ascii_domain"].finditer(domain):
            span = [domain_start + a.start(), domain_start + a.end()]
            last = span
            host = a[0]
            if m["path"] or p["special_short"].match(host) or not p["invalid_short"].match(host):
                spans.append((span[0], span[1]))
        if last is not None and m["path"]:
            spans[-1] = (spans[-1][0], end)
    return tuple(spans)


def clear_url_cache() -> None:
    _url_spans.cache_clear()


def extract_urls(text: str, *, require_protocol: bool = False) -> list[str]:
    """The URLs in ``text`` as twitter-text finds them (bare domains too, unless told not to)."""
    return [text[a:b] for a, b in url_spans(text, require_protocol=require_protocol)]
