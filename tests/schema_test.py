#!/usr/bin/python3
"""Check the JSON Schemas of the sunlit language and the shipped YAML files.

Usage: /usr/bin/python3 tests/schema_test.py <repo root>

1. schema/process.schema.json and schema/organisation.schema.json are valid
   draft-07 schemas;
2. every processes/*.yaml validates against the right schema (an organisation
   document is one whose top level has `departments`);
3. deliberately bad documents (unknown key, bad enumeration value, missing
   required key, ...) are rejected.

Prints one line per check and a final line "N passed, M failed"; exits
non-zero when any check fails. Only the standard library, PyYAML and
jsonschema (Debian's python3-jsonschema 4.10) are used.
"""

import copy
import glob
import json
import os
import sys

import jsonschema
import yaml


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name):
        self.passed += 1
        print(f"PASS {name}")

    def fail(self, name, why):
        self.failed += 1
        print(f"FAIL {name}: {why}")


def load_schema(root, name):
    with open(os.path.join(root, "schema", name), encoding="utf-8") as f:
        return json.load(f)


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def describe(err):
    where = "/".join(str(p) for p in err.absolute_path) or "(top)"
    return f"{where}: {err.message}"


# A small valid process: every bad document below is this one with one mistake.
GOOD_PROCESS = {
    "sunlit": 1,
    "organisation": "xicheng",
    "power": {
        "code": "T-1",
        "name": "测试许可",
        "category": "license",
        "basis": [{"title": "中华人民共和国行政许可法", "article": "第三十二条", "text": "……"}],
        "body": "测试机关",
        "office": "测试科",
        "responsible": "科长",
        "disclosure": {"scope": "public", "forms": ["website"], "time": "permanent"},
        "risk": 2,
    },
    "fields": [{"name": "kind", "type": "enum", "values": ["a", "b"]}],
    "limit": {"amount": 20, "unit": "workdays", "article": "第四十二条"},
    "steps": [
        {"id": "accept", "post": "intake", "limit": {"amount": 5, "unit": "workdays"},
         "actions": [{"id": "accept", "to": "route"}]},
        {"id": "route", "type": "choice",
         "branches": [{"when": 'kind == "a"', "to": "granted"}], "otherwise": "refused"},
    ],
    "outcomes": [
        {"id": "granted", "kind": "granted"},
        {"id": "refused", "kind": "refused", "remedies": ["reconsideration"]},
    ],
    "channels": [{"id": "reconsideration", "kind": "reconsideration",
                  "deadline": {"amount": 60, "unit": "days"}}],
}

GOOD_ORG = {
    "organisation": "xicheng",
    "departments": [{"id": "market", "name": "市场监管局",
                     "posts": [{"id": "intake", "name": "受理窗口"}]}],
    "officials": [{"id": "wang_fang", "name": "王芳", "posts": ["intake"]}],
}


def mutate(doc, fn):
    d = copy.deepcopy(doc)
    fn(d)
    return d


def bad_processes():
    """(name, document) pairs that the process schema must reject."""
    def step(d, i):
        return d["steps"][i]
    return [
        ("unknown top-level key", mutate(GOOD_PROCESS, lambda d: d.update(organization="xicheng"))),
        ("unknown key in power", mutate(GOOD_PROCESS, lambda d: d["power"].update(catgory="license"))),
        ("unknown key in step", mutate(GOOD_PROCESS, lambda d: step(d, 0).update(deadline={"amount": 1, "unit": "days"}))),
        ("unknown key in period", mutate(GOOD_PROCESS, lambda d: d["limit"].update(units="days"))),
        ("bad category", mutate(GOOD_PROCESS, lambda d: d["power"].update(category="licence"))),
        ("bad unit", mutate(GOOD_PROCESS, lambda d: d["limit"].update(unit="weeks"))),
        ("bad step type", mutate(GOOD_PROCESS, lambda d: step(d, 1).update(type="decision"))),
        ("bad outcome kind", mutate(GOOD_PROCESS, lambda d: d["outcomes"][0].update(kind="approved"))),
        ("bad disclosure scope", mutate(GOOD_PROCESS, lambda d: d["power"]["disclosure"].update(scope="open"))),
        ("bad risk", mutate(GOOD_PROCESS, lambda d: d["power"].update(risk=4))),
        ("wrong language version", mutate(GOOD_PROCESS, lambda d: d.update(sunlit=2))),
        ("missing power", mutate(GOOD_PROCESS, lambda d: d.pop("power"))),
        ("missing basis", mutate(GOOD_PROCESS, lambda d: d["power"].pop("basis"))),
        ("missing otherwise", mutate(GOOD_PROCESS, lambda d: step(d, 1).pop("otherwise"))),
        ("task without post", mutate(GOOD_PROCESS, lambda d: step(d, 0).pop("post"))),
        ("choice with a post", mutate(GOOD_PROCESS, lambda d: step(d, 1).update(post="intake"))),
        ("non-positive amount", mutate(GOOD_PROCESS, lambda d: d["limit"].update(amount=0))),
        ("id not lower_snake_case", mutate(GOOD_PROCESS, lambda d: step(d, 0).update(id="Accept"))),
        ("refusal without remedies", mutate(GOOD_PROCESS, lambda d: d["outcomes"][1].pop("remedies"))),
        ("enum field without values", mutate(GOOD_PROCESS, lambda d: d["fields"][0].pop("values"))),
        ("confidential without reason", mutate(GOOD_PROCESS, lambda d: d["power"].update(
            confidential=True, confidential_basis="保守国家秘密法"))),
        ("wait without window", mutate(GOOD_PROCESS, lambda d: d["steps"].append(
            {"id": "w", "type": "wait", "actions": [{"id": "a", "to": "granted"}], "timeout": {"to": "refused"}}))),
        ("parallel with one branch", mutate(GOOD_PROCESS, lambda d: d["steps"].append(
            {"id": "p", "type": "parallel", "parallel": ["accept"], "join": "j"}))),
        ("two_officials on two steps", mutate(GOOD_PROCESS, lambda d: d.update(
            separation=[{"rule": "two_officials", "steps": ["accept", "route"]}]))),
    ]


def bad_organisations():
    return [
        ("unknown key in official", mutate(GOOD_ORG, lambda d: d["officials"][0].update(post=["intake"]))),
        ("missing organisation", mutate(GOOD_ORG, lambda d: d.pop("organisation"))),
        ("post without name", mutate(GOOD_ORG, lambda d: d["departments"][0]["posts"][0].pop("name"))),
        ("bad department id", mutate(GOOD_ORG, lambda d: d["departments"][0].update(id="Market-1"))),
    ]


def main():
    if len(sys.argv) != 2:
        print("usage: schema_test.py <repo root>", file=sys.stderr)
        return 2
    root = sys.argv[1]
    checks = Checks()

    schemas = {}
    for key, name in (("process", "process.schema.json"), ("organisation", "organisation.schema.json")):
        label = f"schema/{name} is a valid draft-07 schema"
        try:
            schema = load_schema(root, name)
            jsonschema.Draft7Validator.check_schema(schema)
            if schema.get("$schema") != "http://json-schema.org/draft-07/schema#":
                raise ValueError("$schema is not draft-07")
            schemas[key] = jsonschema.Draft7Validator(schema)
            checks.ok(label)
        except Exception as e:  # noqa: BLE001 - report any problem as a failure
            checks.fail(label, e)
    if len(schemas) != 2:
        print(f"{checks.passed} passed, {checks.failed} failed")
        return 1

    # The embedded good documents are valid (otherwise the bad ones prove nothing).
    for kind, doc in (("process", GOOD_PROCESS), ("organisation", GOOD_ORG)):
        errs = errors_of(schemas[kind], doc)
        if errs:
            checks.fail(f"reference {kind} document is valid", describe(errs[0]))
        else:
            checks.ok(f"reference {kind} document is valid")

    files = sorted(glob.glob(os.path.join(root, "processes", "*.yaml")))
    if not files:
        checks.fail("processes/*.yaml", "no files found")
    for path in files:
        rel = os.path.relpath(path, root)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            doc = yaml.safe_load(text)
        except Exception as e:  # noqa: BLE001
            checks.fail(rel, f"YAML error: {e}")
            continue
        if not isinstance(doc, dict):
            checks.fail(rel, "top level is not a mapping")
            continue
        kind = "organisation" if "departments" in doc else "process"
        schema_name = f"{kind}.schema.json"
        first = text.splitlines()[0] if text else ""
        if first != f"# yaml-language-server: $schema=../schema/{schema_name}":
            checks.fail(rel, f"first line should be '# yaml-language-server: $schema=../schema/{schema_name}'")
            continue
        errs = errors_of(schemas[kind], doc)
        if errs:
            checks.fail(rel, "; ".join(describe(e) for e in errs[:5]))
        else:
            checks.ok(f"{rel} ({kind})")

    for name, doc in bad_processes():
        if errors_of(schemas["process"], doc):
            checks.ok(f"rejects process: {name}")
        else:
            checks.fail(f"rejects process: {name}", "accepted")
    for name, doc in bad_organisations():
        if errors_of(schemas["organisation"], doc):
            checks.ok(f"rejects organisation: {name}")
        else:
            checks.fail(f"rejects organisation: {name}", "accepted")

    # The guide's complete example is the shipped license flowchart, verbatim.
    guide = open(os.path.join(root, "docs", "language.md"), encoding="utf-8").read()
    section = guide[guide.index("## 7. A complete annotated example"):]
    example = section[section.index("```yaml\n") + len("```yaml\n"):]
    example = example[:example.index("```")]
    shipped = open(os.path.join(root, "processes", "license-general.yaml"), encoding="utf-8").read()
    if example == shipped:
        checks.ok("docs/language.md example equals processes/license-general.yaml")
    else:
        checks.fail("docs/language.md example", "differs from processes/license-general.yaml")

    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
