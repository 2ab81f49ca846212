"""Media: probing for library import, the ffmpeg locator, renders, sample media.

Nothing here imports Qt (an import-linter contract checks it) and nothing heavy is imported
at package level: ``import studio.media`` must stay cheap for the start-up path.
"""

from __future__ import annotations

import threading

__all__ = ["configure_pillow"]

_configured = False
_lock = threading.Lock()


def configure_pillow() -> None:
    """Put Pillow into the state every studio module that decodes images relies on.

    Idempotent and thread-safe. It sets process-wide Pillow globals, so every image decode in
    the app (thumbnails, renders) gets the same guard as the probe:

    - ``Image.MAX_IMAGE_PIXELS`` = :data:`studio.media.probe.MAX_IMAGE_PIXELS`, so Pillow's
      own decompression-bomb check agrees with the probe's limit instead of warning at its
      default 89 MP (a warning that tests turn into errors) on photos the probe accepted;
    - ``ImageFile.LOAD_TRUNCATED_IMAGES = False``: this is Pillow's default, set explicitly
      because any library may flip it, and a truncated photo must be rejected, not padded
      with grey;
    - registers the HEIF opener of pillow-heif (iPhone photos). AVIF is read by Pillow's own
      plugin (Pillow >= 11.3 wheels include libavif).
    """
    global _configured
    if _configured:
        return
    with _lock:
        if _configured:
            return
        import pillow_heif
        from PIL import Image, ImageFile

        from studio.media.probe import MAX_IMAGE_PIXELS

        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
        _configured = True
