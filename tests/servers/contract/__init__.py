"""Contract servers: loopback HTTP servers that follow each platform's documented API and errors.

Used where a platform has no runnable reference server (everything but Bluesky, which runs the
real ``@atproto/pds``). Each module holds one platform; all share :mod:`contract.base`.
"""
