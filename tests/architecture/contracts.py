"""A contract type of our own for import-linter (see .importlinter).

`own_interfaces`: an app's interface modules (views, forms, API, URLs) are its own. Another
app may not import them: it uses the owner's selectors and services instead, so a rule never
hides in a view where the next app copies it. The web and API plumbing apps (`ui`, `api`)
and the URL configuration are the interfaces of the whole project and are exempt as
importers; the platform app (`core`) offers its web and API plumbing (`core.web`,
`core.api`) to every app and is exempt as the imported side.
"""

from __future__ import annotations

import re
from typing import Any

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output

INTERFACE = re.compile(r"^(views|views_\w+|forms|forms_\w+|api|api_\w+|urls)$")


class OwnInterfacesContract(Contract):
    type_name = "own_interfaces"

    root = fields.StringField()
    exempt_apps = fields.ListField(subfield=fields.StringField(), required=False)
    platform_apps = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root)
        exempt = {str(a) for a in (self.exempt_apps or [])}  # type: ignore[attr-defined]
        platform = {str(a) for a in (self.platform_apps or [])}  # type: ignore[attr-defined]
        broken: list[dict[str, Any]] = []
        for importer in sorted(graph.find_descendants(root)):
            importer_app = importer.split(".")[1]
            if importer_app in exempt:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                parts = imported.split(".")
                if parts[0] != root or len(parts) < 3 or parts[1] in {importer_app, *platform}:
                    continue
                if not any(INTERFACE.match(p) for p in parts[2:]):
                    continue
                lines = graph.get_import_details(importer=importer, imported=imported)
                broken.append(
                    {
                        "importer": importer,
                        "imported": imported,
                        "lines": [d["line_number"] for d in lines],
                    }
                )
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            lines = ", ".join(f"l.{n}" for n in item["lines"])
            output.print_error(
                f"{item['importer']} imports {item['imported']} ({lines}): another app's "
                "views, forms, API or URLs; use its selectors or services instead."
            )
            output.new_line()
