"""The codebook as a page people read: ``data/CODEBOOK.md``, generated from ``datapackage.json``.

The descriptor stays the single source; this renders it (every field as the question the coder
answers, with its type, whether it is required and its allowed values). A test fails when the
page is out of date; ``python -m istanbul_talks codebook`` rewrites it.
"""

from __future__ import annotations

from istanbul_talks.csvfiles import read_raw
from istanbul_talks.schema import Codebook

HEADER = """# Codebook

Generated from `data/datapackage.json` by `python -m istanbul_talks codebook`; do not edit by hand.
Each field is stated as the question the coder answers. Keys: **PK** primary key, **FK** foreign key.
"""


def render(codebook: Codebook) -> str:
    parts = [HEADER]
    for resource in codebook.descriptor["resources"]:
        table = codebook.tables[resource["name"]]
        parts.append(f"\n## `{table.path}`: {resource.get('title', table.name)}\n\n{resource.get('description', '')}\n")
        parts.append(f"\nPK: {', '.join(f'`{k}`' for k in table.primary_key)}.")
        for fk in table.foreign_keys:
            parts.append(f" FK: {', '.join(f'`{f}`' for f in fk.fields)} → `{fk.table}.{', '.join(fk.ref_fields)}`.")
        parts.append("\n\n| field | type | required | question the coder answers | allowed values |\n|---|---|---|---|---|\n")
        for field in table.fields:
            allowed = ", ".join(f"`{v}`" for v in field.enum) if field.enum else ""
            parts.append(f"| `{field.name}` | {field.type} | {'yes' if field.required else ''} | {field.description.replace('|', '/')} | {allowed} |\n")
    parts.append(_topics(codebook))
    return "".join(parts)


def _topics(codebook: Codebook) -> str:
    """The topics are data, not schema, but they are the heart of stance coding: list them too."""
    table = codebook.tables["topics"]
    rows = read_raw(codebook.descriptor_path.parent.parent / table.path, table.path).rows
    lines = ["\n## Topics and what a stance means\n\nFrom `data/topics.csv`. A statement's `stance` answers its topic's question.\n\n",
             "| topic_id | question | support means | oppose means |\n|---|---|---|---|\n"]
    lines += [f"| `{r.get('topic_id')}` | {r.get('question')} | {r.get('support_means')} | {r.get('oppose_means')} |\n" for r in rows]
    return "".join(lines)
