#!/usr/bin/env python3
"""Regenerates src/lib/demo-data.json from ../questionnaires (the demo mode's questionnaire data).

Only the browser demo (`?demo`, see src/lib/demo.ts) uses this file; the desktop app always gets
its data from the Rust core. Run from ui/:  python3 scripts/make-demo-data.py
"""
import json
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2] / "questionnaires"
OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "lib" / "demo-data.json"


def main() -> None:
    scoping = yaml.safe_load((ROOT / "scoping.yaml").read_text())
    data_dir = ROOT / scoping["questionnaire"]
    manifest = yaml.safe_load((data_dir / "questionnaire.yaml").read_text())
    for q in scoping["questions"]:
        q.setdefault("criterion", None)
        q.setdefault("ask_qsa", False)

    principals, requirements = [], []
    catalogs = [yaml.safe_load(p.read_text()) for p in sorted((data_dir / "catalog").glob("*.yaml"))]
    order = manifest["principals"]
    catalogs.sort(key=lambda c: order.index(str(c["principal"])))
    for cat in catalogs:
        pid = str(cat["principal"])
        principals.append({"id": pid, "title": cat["title"]})
        for sec in cat["sections"]:
            for r in sec["requirements"]:
                requirements.append({
                    "id": str(r["id"]),
                    "principal": pid,
                    "section": str(sec["id"]),
                    "title": r["title"],
                    "description": " ".join(r["description"].split()),
                    "testing": r["testing"],
                    "future_dated": bool(r.get("future_dated", False)),
                    "evidence": r.get("evidence", []),
                    "bullets": r.get("bullets", []) or [],
                })

    saqs = []
    for p in sorted((data_dir / "saqs").glob("*.yaml")):
        s = yaml.safe_load(p.read_text())
        saqs.append({
            "id": s["saq"],
            "name": s["name"],
            "version": s["version"],
            "published": str(s["published"]),
            "source": " ".join(s["source"].split()),
            "summary": " ".join(s["summary"].split()),
            "channels": s["channels"],
            "responses": s["responses"],
            "part4_rows": [str(x) for x in s.get("part4_rows", [])],
            "eligibility": [
                {
                    "id": c["id"],
                    "applies_to": c["applies_to"],
                    "text": " ".join(c["text"].split()),
                    "on_decline": {
                        "escalate_to": c["on_decline"].get("escalate_to"),
                        "ask_qsa": bool(c["on_decline"].get("ask_qsa", False)),
                        "why": " ".join(c["on_decline"]["why"].split()),
                    },
                }
                for c in s.get("eligibility", []) or []
            ],
            "requirements": [str(r) for r in s["requirements"]],
            "notes": [{"requirement": str(n["requirement"]), "text": " ".join(n["text"].split())} for n in s.get("notes", []) or []],
        })

    out = {
        "questionnaire": {"name": manifest["name"], "version": manifest["version"]},
        "scoping": scoping,
        "principals": principals,
        "requirements": requirements,
        "saqs": saqs,
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(requirements)} requirements, {len(saqs)} SAQs, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
