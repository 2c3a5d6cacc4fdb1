"""Data categories: fideslang's default taxonomy (pinned version) plus piiaudit's extensions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

TAXONOMY_PIN = "fideslang@3.1.4"
ROOT_TERMS = frozenset({"user", "system", "derived"})  # too broad to disclose anything


PLAIN_NAMES = {
    "user.contact.email": "Email address",
    "user.contact.address.street": "Street address",
    "user.contact.phone_number": "Telephone number",
    "user.name": "Name",
    "user.financial.credit_card": "Payment card number",
}


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    parent: str | None
    extension: bool = False


def package_data(name: str) -> dict:
    return yaml.safe_load(resources.files("piiaudit.scanner").joinpath("data", name).read_text(encoding="utf-8"))


class Taxonomy:
    """Category keys with their names and parents; ``covers`` answers subsumption."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self.categories = {c.key: c for c in categories}

    def __contains__(self, key: str) -> bool:
        return key in self.categories

    def name(self, key: str) -> str:
        """A plain-words name for a DPO: ``user.contact.email`` → ``Email address``."""
        if key in PLAIN_NAMES:
            return PLAIN_NAMES[key]
        category = self.categories.get(key)
        if category is None:
            return key
        return category.name.removeprefix("User Contact ").removeprefix("User ")

    def parent(self, key: str) -> str | None:
        """The category's parent: as the taxonomy says, else the key less its last part."""
        category = self.categories.get(key)
        return category.parent if category else key.rpartition(".")[0] or None

    def ancestors(self, key: str) -> list[str]:
        """Broader keys, nearest first, along the parents: ``user.contact.email`` → ``user.contact``, ``user``.

        An extension's parent need not be its key's prefix: ``user.contact.caller_id`` → ``user.contact.phone_number``.
        """
        chain: list[str] = []
        parent = self.parent(key)
        while parent and parent not in chain and parent != key:
            chain.append(parent)
            parent = self.parent(parent)
        return chain

    def with_extensions(self, extensions: Iterable[Mapping[str, str]]) -> Taxonomy:
        """A taxonomy with more categories, each under an existing parent."""
        added = [
            Category(e["key"], e.get("name", e["key"]), e["parent"], extension=True)
            for e in extensions
            if e["key"] not in self
        ]
        return Taxonomy([*self.categories.values(), *added])


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """fideslang's data categories plus the shipped extensions (scanner/data/taxonomy_extensions.yaml)."""
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    base = Taxonomy(Category(c.fides_key, c.name or c.fides_key, c.parent_key) for c in DEFAULT_TAXONOMY.data_category)
    return base.with_extensions(package_data("taxonomy_extensions.yaml")["extensions"])


@lru_cache(maxsize=1)
def entity_categories() -> dict[str, list[str]]:
    """The entity → category mapping (scanner/data/entity_categories.yaml)."""
    return dict(package_data("entity_categories.yaml")["entities"])
