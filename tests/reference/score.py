# Copy of ../shared/reference/score.py (the project's reference scorer), kept so tests can check that
# analysis.evaluate agrees with it on a machine without ../shared.
"""Score a project's extraction output against a gold file.

usage: python3 score.py GOLD.yaml OUT_DIR   (OUT_DIR holds statements.csv and events.csv)
Prints per-article misses, then one summary line: F1, precision, recall, speaker, date, events.
"""
import csv, sys, datetime as dt
from collections import defaultdict
from pathlib import Path
import yaml

def day(v):
    if v in (None, ""): return None
    return dt.date.fromisoformat(str(v)[:10])

def truthy(v):
    return str(v).strip().lower() in ("1", "true", "yes", "y", "t")

def load(out, name):
    p = Path(out) / name
    if not p.exists():
        sys.exit(f"missing {p}")
    with open(p, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

def same_person(a, b):
    a, b = (a or "").lower().replace("zelensky", "zelenskyy"), (b or "").lower().replace("zelensky", "zelenskyy")
    a = a.replace("zelenskyyy", "zelenskyy"); b = b.replace("zelenskyyy", "zelenskyy")
    return bool(a) and bool(b) and (a == b or a.split()[-1] == b.split()[-1])

def main(gold_path, out):
    gold = yaml.safe_load(open(gold_path))
    stmts, events = load(out, "statements.csv"), load(out, "events.csv")
    by_file, ev_by_file = defaultdict(list), defaultdict(list)
    for s in stmts: by_file[Path(s.get("file", "")).name].append(s)
    for e in events: ev_by_file[Path(e.get("file", "")).name].append(e)
    tp = fn = fp = 0; per_ok = per_n = date_ok = date_n = ev_ok = ev_n = q_ok = q_n = grp_ok = grp_n = dd_ok = dd_n = 0
    for fname, g in gold.items():
        pred = by_file.get(fname, [])
        ignore = {tuple(x) for x in g.get("ignore", [])}
        forbid = {tuple(x) for x in g.get("forbid", [])}
        forbid_stance = {tuple(x) for x in g.get("forbid_stance", [])}
        credited = set()
        for pos in g["positions"]:
            m = [s for s in pred if s.get("stakeholder_id") == pos["actor"] and s.get("issue_id") == pos["issue"]
                 and s.get("stance") in pos["accept"]]
            if pos.get("conditional"):
                m = [s for s in m if truthy(s.get("conditional"))]
            if not m:
                if not pos.get("optional"):
                    fn += 1; print(f"  miss {fname}: {pos['actor']} {pos['issue']} {pos['accept']}")
                continue
            tp += 1
            credited.update((pos["actor"], pos["issue"], st) for st in pos["accept"])
            if pos.get("person"):
                per_n += 1
                if any(same_person(s.get("speaker_name"), pos["person"]) for s in m): per_ok += 1
                else: print(f"  speaker {fname}: want {pos['person']}, got {sorted({s.get('speaker_name') for s in m})}")
            if pos.get("date"):
                date_n += 1
                want = pos["date"] if isinstance(pos["date"], list) else [pos["date"], pos["date"]]
                want = (day(want[0]), day(want[1]))
                if any((day(s.get("date_start")), day(s.get("date_end"))) == want for s in m): date_ok += 1
                else: print(f"  date {fname}: {pos['actor']} {pos['issue']} want {want}, got {sorted({(s.get('date_start'), s.get('date_end')) for s in m})}")
            if pos.get("quantity"):
                q_n += 1
                if any(str(pos["quantity"]) in (s.get("quantity") or "").replace(",", "").replace(".0", "") for s in m): q_ok += 1
        for key in sorted({(s.get("stakeholder_id"), s.get("issue_id"), s.get("stance")) for s in pred}):
            a, i, st = key
            bad = (a, "any") in forbid or (a, i) in forbid or key in forbid_stance
            if key in credited and not bad: continue
            if (a, i) in ignore and not bad: continue
            if not a and not bad: continue  # unresolved groups are neither credited nor penalised
            fp += 1; print(f"  extra {fname}: {a} {i} {st}")
        for grp in g.get("groups", []):
            grp_n += 1
            if any(not s.get("stakeholder_id") and s.get("speaker_kind") == "group" and s.get("issue_id") == grp["issue"]
                   and s.get("stance") in grp["accept"] for s in pred): grp_ok += 1
            else: print(f"  group {fname}: {grp['speaker']} {grp['issue']} {grp['accept']}")
        for rule in g.get("dedupe", []):
            dd_n += 1
            hits = defaultdict(int)
            for s in pred:
                if rule["evidence_contains"] in (s.get("evidence") or ""):
                    hits[(s.get("stakeholder_id"), s.get("issue_id"), s.get("stance"))] += 1
            if hits and max(hits.values()) <= rule["max_statements_per_stakeholder"]: dd_ok += 1
            else: print(f"  dedupe {fname}: {dict(hits) or 'no statement with that evidence'}")
        for ev in g.get("events", []):
            ev_n += 1
            want = ev["date"] if isinstance(ev["date"], list) else [ev["date"], ev["date"]]
            want = (day(want[0]), day(want[1]))
            if any((day(e.get("date_start")), day(e.get("date_end"))) == want for e in ev_by_file.get(fname, [])): ev_ok += 1
            else: print(f"  event {fname}: no event dated {want}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    frac = lambda a, b: f"{a}/{b}"
    print(f"F1={f1:.2f} P={p:.2f} R={r:.2f} speaker={frac(per_ok, per_n)} date={frac(date_ok, date_n)} "
          f"events={frac(ev_ok, ev_n)} quantity={frac(q_ok, q_n)} groups={frac(grp_ok, grp_n)} dedupe={frac(dd_ok, dd_n)}")
    return f1

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
