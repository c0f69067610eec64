"""The model wording a finding suggests is rendered once and then read from the cache."""

from __future__ import annotations

import pytest

from kyoso.checker import api
from kyoso.clauses import render


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KYOSO_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("KYOSO_NO_CACHE", raising=False)
    api.suggestion_text.cache_clear()
    yield tmp_path
    api.suggestion_text.cache_clear()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_cached_suggestion_is_the_rendered_wording(fresh_cache, monkeypatch, language):
    rendered = render.render_clause("joint-development/ip_ownership", language)
    assert api.suggestion_text("joint-development/ip_ownership", language) == rendered
    assert list(fresh_cache.glob("suggestion-*.json"))

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(render, "render_clause", no_rendering)
    api.suggestion_text.cache_clear()  # a new run: only the disk cache is left
    assert api.suggestion_text("joint-development/ip_ownership", language) == rendered


def test_a_damaged_entry_means_rendering_again(fresh_cache):
    first = api.suggestion_text("joint-development/ip_ownership", "en")
    for entry in fresh_cache.glob("suggestion-*.json"):
        entry.write_text("{not json", encoding="utf-8")
    api.suggestion_text.cache_clear()
    assert api.suggestion_text("joint-development/ip_ownership", "en") == first


def test_a_missing_clause_gives_no_suggestion(fresh_cache):
    assert api.suggestion_text("joint-development/no_such_article", "en") is None
