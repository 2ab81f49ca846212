"""Offline review: review packs, signed decisions made elsewhere, and the approval brief.

Plain functions (no Qt) so the CLI and the GUI's Review screen call the same code:
``pack.export_review_pack``, ``pack_verify.open_pack``, ``offline.sign_pack_decision``,
``decision_import.import_decision`` and ``brief.export_brief``. Slow ones take a
``progress(fraction, message)`` callback.
"""
