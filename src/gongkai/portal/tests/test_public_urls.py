"""Public links handed out below the portal (search hits, notifications): the publication's link
is spliced into a template rather than reversed each time, and must read exactly as reverse()
would, under any script prefix, and fail as reverse() does on what is not a pk."""

import pytest
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix

from gongkai.core.urls import public_url


def test_a_publication_link_is_what_reverse_gives():
    for pk in (0, 7, 12, 1_000_000, 987_654_321_013):
        assert public_url("publication", pk=pk) == reverse("portal:publication", args=[pk]) == f"/info/{pk}/"


def test_the_template_follows_the_script_prefix():
    before = get_script_prefix()
    assert public_url("publication", pk=5) == "/info/5/"  # the template of the root prefix is made
    try:
        set_script_prefix("/gongkai/")  # a deployment under a sub-path (SCRIPT_NAME)
        assert public_url("publication", pk=5) == reverse("portal:publication", args=[5]) == "/gongkai/info/5/"
    finally:
        set_script_prefix(before)
    assert public_url("publication", pk=6) == "/info/6/"


@pytest.mark.parametrize("pk", ["abc", -1, True, None])
def test_what_is_not_a_pk_fails_as_reverse_does(pk):
    with pytest.raises(NoReverseMatch):
        reverse("portal:publication", args=[pk])
    with pytest.raises(NoReverseMatch):
        public_url("publication", pk=pk)
