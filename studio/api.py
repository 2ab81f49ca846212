"""The public plugin API of Heritage Studio: what a third-party adapter may import.

Everything else in ``studio`` is internal and may change in any release; the names below
change only with :data:`API_VERSION`. See docs/plugins.md for a complete example adapter.
"""

from studio.publish.adapters.base import BaseAdapter
from studio.publish.protocol import (
    API_VERSION,
    Account,
    AccountInfo,
    Adapter,
    AdapterError,
    AuthError,
    Capabilities,
    Context,
    Credentials,
    Deletes,
    Measures,
    MediaFile,
    Published,
    PublishRequest,
    RateLimitedError,
    RejectedError,
    SecretSpec,
    SignsIn,
    TransientError,
    UncertainError,
    UploadedMedia,
)

__all__ = [
    "API_VERSION",
    "Account",
    "AccountInfo",
    "Adapter",
    "AdapterError",
    "AuthError",
    "BaseAdapter",
    "Capabilities",
    "Context",
    "Credentials",
    "Deletes",
    "Measures",
    "MediaFile",
    "PublishRequest",
    "Published",
    "RateLimitedError",
    "RejectedError",
    "SecretSpec",
    "SignsIn",
    "TransientError",
    "UncertainError",
    "UploadedMedia",
]
