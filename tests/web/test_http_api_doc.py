"""docs/http-api.md documents every register endpoint, and its JSON examples parse."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DOC = (Path(__file__).parents[2] / "docs" / "http-api.md").read_text(encoding="utf-8")
OURS = ("checks", "incidents", "approvals")


def test_every_register_endpoint_is_documented(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in OURS:
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", "{id}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert f"`{method} {path}" in DOC, f"docs/http-api.md: document {method} {path}"


@pytest.mark.parametrize("block", re.findall(r"```json\n(.*?)```", DOC, re.S))
def test_json_examples_parse(block):
    json.loads(block)
