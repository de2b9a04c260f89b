"""Validation of the bot's request bodies against Discord's own OpenAPI 3.1 description.

The spec (``shared/discord/openapi.json`` beside the repository, never copied into it) is loaded
once per server; a validator per route is built the first time the route is used, because
compiling all of the 1.2 MB spec up front would slow every test for nothing.

OpenAPI 3.1 schemas are JSON Schema 2020-12, so ``jsonschema`` validates them directly. Each
route's validator is a ``$ref`` into the spec document, registered with ``referencing``, so the
spec's own ``#/components/schemas/...`` references resolve against it unchanged.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

log = logging.getLogger(__name__)

SPEC_URI = "urn:discord:openapi"
JSON = "application/json"
MULTIPART = "multipart/form-data"
MAX_REPORTED_ERRORS = 5

SPEC_OVERRIDES: dict[str, dict[str, Any]] = {
    # Discord accepts snowflakes as JSON integers as well as strings, and discord.py sends
    # integers (message_reference.message_id, allowed_mentions.users, recipient_id...). The spec
    # only says "string", which would reject requests Discord accepts.
    "SnowflakeType": {"type": ["string", "integer"], "pattern": "^(0|[1-9][0-9]*)$", "minimum": 0},
}
"""Schemas replaced in memory (the file is read-only) where the spec is stricter than Discord."""


def default_spec_path() -> Path:
    """Return ``<repo>/../shared/discord/openapi.json``, where the shared spec lives."""
    repo_root = Path(__file__).resolve().parents[1]
    return repo_root.parent / "shared" / "discord" / "openapi.json"


@dataclass(frozen=True)
class _Route:
    template: str
    pattern: re.Pattern[str]
    literal_segments: int


class OpenAPIValidator:
    """Finds the spec route of a request and validates its JSON body.

    When the spec file is missing, validation is disabled: ``enabled`` is False, and a warning is
    both logged and raised with :mod:`warnings`, so nobody mistakes a skipped check for a pass.
    """

    def __init__(self, spec_path: Path | None) -> None:
        self.spec_path = spec_path
        self.enabled = False
        self._spec: dict[str, Any] = {}
        self._routes: list[_Route] = []
        self._validators: dict[tuple[str, str, str], Draft202012Validator | None] = {}
        self._registry: Registry[Any] = Registry()
        if spec_path is None or not spec_path.is_file():
            notice = (
                f"Discord OpenAPI spec not found at {spec_path}: request bodies will NOT be validated "
                "against Discord's schema (only the limit checks run)."
            )
            log.warning(notice)
            warnings.warn(notice, stacklevel=3)
            return
        with spec_path.open(encoding="utf-8") as handle:
            self._spec = json.load(handle)
        self._spec.setdefault("components", {}).setdefault("schemas", {}).update(SPEC_OVERRIDES)
        resource = Resource.from_contents(self._spec, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(SPEC_URI, resource)
        self._routes = sorted(
            (self._compile(template) for template in self._spec.get("paths", {})),
            key=lambda r: -r.literal_segments,
        )
        self.enabled = True
        log.debug("loaded Discord OpenAPI spec with %d paths from %s", len(self._routes), spec_path)

    @staticmethod
    def _compile(template: str) -> _Route:
        parts = template.strip("/").split("/")
        regex = "/".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        literal = sum(1 for p in parts if not p.startswith("{"))
        return _Route(template, re.compile(f"^/{regex}$"), literal)

    def match(self, path: str) -> str | None:
        """Return the spec path template for a request path (``/channels/1/messages``), or None.

        Templates with more literal segments win, so ``/messages/@original`` is not taken for
        ``/messages/{message_id}``.
        """
        for route in self._routes:
            if route.pattern.match(path):
                return route.template
        return None

    def has_operation(self, method: str, template: str) -> bool:
        """Whether the spec documents ``method`` on ``template``."""
        return method.lower() in self._spec.get("paths", {}).get(template, {})

    def validate(
        self, method: str, path: str, body: Any, *, has_body: bool, content_type: str = JSON
    ) -> list[tuple[str, str]]:
        """Return ``(json path, problem)`` pairs for the body, empty when it matches the route's schema.

        ``content_type`` is how the body came: a ``multipart/form-data`` request's ``payload_json`` is
        validated against the route's multipart schema (Discord's spec gives message routes one: the
        JSON body's fields beside ``files[n]``), and a route that documents no multipart body refuses one.
        """
        if not self.enabled:
            return []
        template = self.match(path)
        if template is None or not self.has_operation(method, template):
            return [("", f"{method} {path} is not a route of Discord's API")]
        if content_type != JSON and not self.accepts(method, template, content_type):
            return [("", f"{method} {template} does not accept a {content_type} body")]
        validator = self._validator(method, template, content_type)
        if validator is None:
            return []
        if not has_body:
            return [("", "request body is required")]
        leaves: list[ValidationError] = []
        for error in validator.iter_errors(body):
            leaves.extend(_explain(error))
        problems: list[tuple[str, str]] = []
        for error in leaves:
            problem = _describe(error)
            if problem not in problems:
                problems.append(problem)
        return problems[:MAX_REPORTED_ERRORS]

    def _content(self, method: str, template: str) -> dict[str, Any]:
        operation = self._spec["paths"][template][method.lower()]
        return (operation.get("requestBody") or {}).get("content") or {}  # type: ignore[no-any-return]

    def accepts(self, method: str, template: str, content_type: str) -> bool:
        """Whether the spec documents a ``content_type`` request body for ``method`` on ``template``."""
        return content_type in self._content(method, template)

    def _validator(self, method: str, template: str, content_type: str = JSON) -> Draft202012Validator | None:
        key = (method.lower(), template, content_type)
        if key not in self._validators:
            content = self._content(method, template)
            if content_type not in content or "schema" not in content[content_type]:
                self._validators[key] = None
            else:
                pointer = "/".join(
                    part.replace("~", "~0").replace("/", "~1")
                    for part in ("paths", template, method.lower(), "requestBody", "content", content_type)
                )
                schema = {"$ref": f"{SPEC_URI}#/{pointer}/schema"}
                self._validators[key] = Draft202012Validator(schema, registry=self._registry)
        return self._validators[key]


def _explain(error: ValidationError) -> list[ValidationError]:
    """Return the errors worth reporting for ``error``, looking inside ``anyOf``/``oneOf``.

    Discord's unions are tagged by a ``type`` field (callback types, component types...). A union
    failure is explained by the branch whose tag accepted the value rather than by "is not valid
    under any of the given schemas", which says nothing about what is wrong.
    """
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)

    def rejected_by_tag(errors: list[ValidationError]) -> bool:
        return any(
            (e.validator in ("enum", "const") and list(e.relative_path) == ["type"])
            or (e.validator == "type" and not e.relative_path)
            for e in errors
        )

    candidates = [errs for errs in branches.values() if not rejected_by_tag(errs)]
    if not candidates:
        return [best_match(error.context) or error]
    chosen = max(candidates, key=lambda errs: max(len(e.path) for e in errs))
    return [leaf for sub in chosen for leaf in _explain(sub)]


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: ValidationError) -> tuple[str, str]:
    where = ".".join(str(p) for p in error.absolute_path)
    instance = error.instance
    if error.validator in ("maxLength", "minLength", "maxItems", "minItems") and hasattr(instance, "__len__"):
        message = f"length {len(instance)} violates {error.validator} {error.validator_value}"
    elif error.validator in ("anyOf", "oneOf"):
        message = f"{_short(instance)} matches none of the allowed shapes"
    elif error.validator in ("required", "additionalProperties", "type", "enum", "const", "pattern"):
        message = error.message if len(error.message) <= 200 else f"{_short(instance)}: {error.validator} failed"
    else:
        message = f"{_short(instance)} violates {error.validator} {_short(error.validator_value)}"
    return where, f"schema: {message}"
