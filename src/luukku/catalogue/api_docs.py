"""The API reference page at /api/docs/, rendered on the server from the OpenAPI schema.

Redoc and Swagger UI load their code from a CDN and need inline scripts and styles, which the
content security policy forbids (and an offline installation cannot fetch). A plain page of the
same schema needs neither, reads well with a screen reader and works without JavaScript.
"""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

REF_PREFIX = "#/components/schemas/"


def type_label(schema: dict) -> dict:
    """{"text": …, "ref": component or None} describing a schema in one line."""
    if not isinstance(schema, dict):
        return {"text": "", "ref": None}
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF_PREFIX)
        return {"text": name, "ref": name}
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema:
            parts = [type_label(part) for part in schema[combiner]]
            refs = [p["ref"] for p in parts if p["ref"]]
            text = " | ".join(p["text"] for p in parts if p["text"])
            return {"text": text + (" | null" if schema.get("nullable") else ""), "ref": refs[0] if refs else None}
    kind = schema.get("type", "")
    if kind == "array":
        inner = type_label(schema.get("items", {}))
        return {"text": f"array of {inner['text']}", "ref": inner["ref"]}
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        inner = type_label(schema["additionalProperties"])
        return {"text": f"object of {inner['text']}", "ref": inner["ref"]}
    text = kind + (f" ({schema['format']})" if schema.get("format") else "")
    if schema.get("nullable"):
        text += " | null"
    return {"text": text, "ref": None}


def _response_schema(response: dict) -> dict:
    content = response.get("content") or {}
    media = content.get("application/json") or next(iter(content.values()), {})
    return media.get("schema", {})


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            operations.append({
                "id": op.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "tag": (op.get("tags") or [""])[0],
                "parameters": [
                    {
                        "name": p["name"],
                        "in": p["in"],
                        "required": p.get("required", False),
                        "type": type_label(p.get("schema", {})),
                        "enum": p.get("schema", {}).get("enum", []),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ],
                "responses": [
                    {"status": status, "description": r.get("description", ""), "type": type_label(_response_schema(r))}
                    for status, r in op.get("responses", {}).items()
                ],
            })
    return operations


def _components(schema: dict) -> list[dict]:
    components = []
    for name, body in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(body.get("required", []))
        components.append({
            "name": name,
            "description": body.get("description", ""),
            "type": type_label(body),
            "enum": body.get("enum", []),
            "example": body.get("example"),
            "properties": [
                {
                    "name": prop,
                    "type": type_label(spec),
                    "required": prop in required,
                    "read_only": spec.get("readOnly", False),
                    "description": spec.get("description", ""),
                }
                for prop, spec in body.get("properties", {}).items()
            ],
        })
    return components


def api_docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = _operations(schema)
    tags = []
    for op in operations:
        if op["tag"] not in tags:
            tags.append(op["tag"])
    context = {
        "info": schema.get("info", {}),
        "sections": [{"tag": tag, "operations": [op for op in operations if op["tag"] == tag]} for tag in tags],
        "components": _components(schema),
    }
    return render(request, "catalogue/api/docs.html", context)
