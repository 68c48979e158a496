"""Public links without knowing the portal: a registry of URL resolvers.

Below the portal, code sometimes has to hand out a link to a public page: a search hit, a
notification, a letter. It must not import the portal or spell its URL names (``reverse
("portal:…")``), since nothing below the top layer may know it. Instead it asks
``public_url(kind, **ids)``, and the portal registers one resolver per kind when it starts
(``PortalConfig.ready()``). A deployment with another front end registers its own.

The kinds are plain strings agreed between the caller and the portal, e.g. ``"publication"``
(``pk``) or ``"annual_report"`` (``org``, ``year``); see ``gongkai.portal.apps`` for the list.
"""

from __future__ import annotations

from collections.abc import Callable

UrlResolver = Callable[..., str]

_resolvers: dict[str, UrlResolver] = {}


def register_url_resolver(kind: str, fn: UrlResolver) -> None:
    """Make ``public_url(kind, **ids)`` call ``fn(**ids)``; registering a kind again replaces it
    (app loading runs ``ready()`` once per process, but tests may register their own)."""
    _resolvers[kind] = fn


def public_url(kind: str, **ids: object) -> str:
    """The public link of one item, e.g. ``public_url("publication", pk=12)``.

    A kind nobody registered is a wiring mistake (the portal app is not installed or its
    ``ready()`` did not run), so it fails loudly instead of handing out a broken link.
    """
    try:
        resolver = _resolvers[kind]
    except KeyError:
        raise LookupError(f"no URL resolver registered for {kind!r}") from None
    return resolver(**ids)


def registered_kinds() -> frozenset[str]:
    """The kinds that have a resolver (for checks and tests)."""
    return frozenset(_resolvers)
