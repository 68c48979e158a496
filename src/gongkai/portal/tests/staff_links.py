"""Walking the back office by its links, shared by the walks over every staff page
(test_staff_chinese reads each page's text, test_staff_every_page_a11y runs axe-core on it):
which links lead to a staff page worth opening, the route each one is, and every staff route
the URL configuration declares, so a walk can tell which pages nobody reached."""

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Not pages: files, leaving, one-time links, actions that change something on GET-less routes.
SKIP = re.compile(
    r"/staff/(logout|login)/|file\.|report\.|notice\.|\.(pdf|docx|xlsx|csv|zip|svg)(\?|$)|/reset/|/disable/"
)


def staff_route(path: str) -> str | None:
    """The portal URL name a /staff/ link resolves to, or None (an unknown or other app's path)."""
    try:
        match = resolve(path.split("?")[0].split("#")[0])
    except Resolver404:
        return None
    return match.view_name if match.view_name.startswith("portal:") else None


def staff_routes() -> dict[str, str]:
    """Every portal route under staff/ in the URL configuration: {"portal:<name>": a path of it
    with placeholder arguments (1 for a number, "x" for a word)}."""

    def walk(patterns: Iterable[URLPattern | URLResolver], prefix: str, namespace: str) -> Iterable[tuple[str, str]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif p.name:
                yield prefix + str(p.pattern), namespace + p.name

    return {
        name: "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", path)
        for path, name in walk(get_resolver().url_patterns, "", "")
        if path.startswith("staff/")
    }


def walk_staff(
    open_page: Callable[[str], Iterable[str] | None],
    starts: Iterable[str] = ("/staff/",),
    *,
    per_route: int,
    max_pages: int,
) -> int:
    """Breadth-first over /staff/ links from `starts`. `open_page(path)` opens one page and returns
    the hrefs on it (None if it is not an HTML page). At most `per_route` instances of a route are
    opened (a case page of one kind looks like the next). Returns the number of pages opened."""
    queue = deque(dict.fromkeys(starts))
    seen = set(queue)
    visits: Counter[str] = Counter(route for route in map(staff_route, queue) if route)
    opened = 0
    while queue and opened < max_pages:
        path = queue.popleft()
        links = open_page(path)
        opened += 1
        for href in links or ():
            href = href.split("#")[0]
            if not href.startswith("/staff/") or href in seen or SKIP.search(href):
                continue
            route = staff_route(href)
            if route is None or visits[route] >= per_route:
                continue
            visits[route] += 1
            seen.add(href)
            queue.append(href)
    return opened
