"""Agreement and conflict networks between stakeholders, in the manner of the Discourse Network Analyzer (DNA).

DNA's one-mode actor networks tie two actors through the concepts they both speak about: in a *congruence*
network when they take the same stance on a concept, in a *conflict* network when one supports what the other
opposes. Here actors are stakeholders and concepts are the codebook's issues. As in DNA, an actor that both
supports and opposes an issue (in different statements) agrees and conflicts with both camps on it.

Edge weights (`weight=`): `issues` counts the issues two stakeholders agree (or conflict) on; `statements`
counts pairs of statements behind the tie: per issue and stance pair, the smaller of the two stakeholders'
numbers of statements (the number of statements that can be matched one to one), summed over issues.
Neutral statements tie no one: neutral is not a stance two actors share in DNA's sense.

Edges are undirected; `to_graph` builds a networkx graph with node and edge attributes and `write_graphml`
exports it for Gephi or visone.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from ..io.contract import STANCES
from ..io.files import write_atomically
from .positions import by_stakeholders, prevailing

EDGE_COLUMNS = ["source", "target", "weight", "n_issues", "n_statements", "issues"]
NODE_COLUMNS = ["stakeholder_id", "n_statements", "n_support", "n_oppose", "n_neutral", "position"]
WEIGHTS = ("issues", "statements")


def actor_stances(statements: pd.DataFrame) -> pd.DataFrame:
    """How many statements each stakeholder makes per issue and stance (support and oppose only).

    Columns: `stakeholder_id, issue_id, stance, n_statements`.
    """
    st = by_stakeholders(statements)
    st = st[st["stance"].isin(["support", "oppose"])]
    return (st.groupby(["stakeholder_id", "issue_id", "stance"]).size().rename("n_statements").reset_index()
            if len(st) else pd.DataFrame(columns=["stakeholder_id", "issue_id", "stance", "n_statements"]))


def _ties(statements: pd.DataFrame, same: bool, weight: str) -> pd.DataFrame:
    return _held_ties(actor_stances(statements), same, weight)


def _held_ties(held: pd.DataFrame, same: bool, weight: str) -> pd.DataFrame:
    """Edges between the stakeholders of `held` (`stakeholder_id, issue_id, stance, n_statements`) taking the
    same (or the opposite) stance on an issue."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, not {weight!r}")
    pairs = held.merge(held, on="issue_id", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["stakeholder_id_a"] < pairs["stakeholder_id_b"])
                  & (pairs["stance_a"].eq(pairs["stance_b"]) == same)]
    if not len(pairs):
        return pd.DataFrame(columns=EDGE_COLUMNS)
    pairs = pairs.assign(matched=pairs[["n_statements_a", "n_statements_b"]].min(axis=1))
    edges = pairs.groupby(["stakeholder_id_a", "stakeholder_id_b"]).agg(
        n_issues=("issue_id", "nunique"), n_statements=("matched", "sum"),
        issues=("issue_id", lambda s: ";".join(sorted(set(s))))).reset_index()
    edges = edges.rename(columns={"stakeholder_id_a": "source", "stakeholder_id_b": "target"})
    edges["weight"] = edges["n_issues"] if weight == "issues" else edges["n_statements"]
    edges[["weight", "n_issues", "n_statements"]] = edges[["weight", "n_issues", "n_statements"]].astype("int64")
    return edges.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                             ignore_index=True)[EDGE_COLUMNS]


def agreement_network(statements: pd.DataFrame, weight: str = "issues") -> pd.DataFrame:
    """Edges between stakeholders taking the same stance (both support, or both oppose) on an issue.

    Columns: `source, target` (stakeholder ids, source < target), `weight` (see the module docstring),
    `n_issues`, `n_statements` (both weights), `issues` (joined by ";"). Heaviest first.
    """
    return _ties(statements, same=True, weight=weight)


def conflict_network(statements: pd.DataFrame, weight: str = "issues") -> pd.DataFrame:
    """Edges between stakeholders of which one supports what the other opposes; columns as
    `agreement_network`."""
    return _ties(statements, same=False, weight=weight)


def network_nodes(statements: pd.DataFrame) -> pd.DataFrame:
    """Every stakeholder with a statement, as a network node: `stakeholder_id, n_statements, n_support,
    n_oppose, n_neutral`, and `position`: its prevailing stance over these statements (see
    `positions.prevailing`; meaningful when the statements are on one issue). Sorted by id."""
    st = by_stakeholders(statements)
    if not len(st):
        return pd.DataFrame(columns=NODE_COLUMNS)
    out = pd.crosstab(st["stakeholder_id"], st["stance"]).reindex(columns=list(STANCES), fill_value=0)
    out.columns = ["n_support", "n_oppose", "n_neutral"]
    out.insert(0, "n_statements", out.sum(axis=1))
    out = out.reset_index().astype({c: "int64" for c in NODE_COLUMNS[1:-1]})
    out["position"] = prevailing(out["n_support"], out["n_oppose"], out["n_neutral"])
    return out[NODE_COLUMNS]


def to_graph(edges: pd.DataFrame, nodes: pd.DataFrame | None = None, names: dict[str, str] | None = None,
             kind: str = "agreement"):
    """A networkx Graph of `edges` (see `agreement_network`), with every node of `nodes` (see `network_nodes`)
    even when it has no tie. Node attributes: the node columns and `label` (from `names`, else the id); edge
    attributes: `weight, n_issues, n_statements, issues`; graph attribute `kind`."""
    import networkx as nx

    graph = nx.Graph(kind=kind)
    names = names or {}
    if nodes is not None:
        for row in nodes.to_dict("records"):
            node = row.pop("stakeholder_id")
            graph.add_node(node, label=names.get(node, node),
                           **{k: (v if isinstance(v, str) else int(v)) for k, v in row.items()})
    for row in edges.to_dict("records"):
        for node in (row["source"], row["target"]):
            if node not in graph:
                graph.add_node(node, label=names.get(node, node))
        graph.add_edge(row["source"], row["target"], weight=int(row["weight"]), n_issues=int(row["n_issues"]),
                       n_statements=int(row["n_statements"]), issues=str(row["issues"]))
    return graph


def write_graphml(graph, path: str | Path) -> Path:
    """Write `graph` as GraphML (for Gephi or visone), atomically: a failed write leaves no partial file."""
    import networkx as nx

    import io

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return write_atomically(path, buffer.getvalue())


TIE_COLUMNS = ["stakeholder_id", "weight", "n_issues", "n_statements", "issues"]


def ties_of(edges: pd.DataFrame, stakeholder: str) -> pd.DataFrame:
    """The ties of one stakeholder in a network (see `agreement_network`): one row per other stakeholder,
    `stakeholder_id, weight, n_issues, n_statements, issues`, heaviest first."""
    mine = edges[edges["source"].eq(stakeholder) | edges["target"].eq(stakeholder)]
    other = mine["target"].where(mine["source"].eq(stakeholder), mine["source"])
    out = mine.assign(stakeholder_id=other)[TIE_COLUMNS]
    return out.sort_values(["weight", "stakeholder_id"], ascending=[False, True], ignore_index=True)


LAYOUT_COLUMNS = ["stakeholder_id", "x", "y"]


def circle_layout(nodes: pd.DataFrame, order_by: list[str] | None = None) -> pd.DataFrame:
    """Node positions on a unit circle (`stakeholder_id, x, y`, rounded to 4 places), in the order of
    `order_by` columns of `nodes` (default: the id), so that a layout never depends on a random seed and a
    report shows the same picture on every machine."""
    if not len(nodes):
        return pd.DataFrame(columns=LAYOUT_COLUMNS)
    ordered = nodes.sort_values(order_by or ["stakeholder_id"], kind="stable", ignore_index=True)
    n = len(ordered)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    return pd.DataFrame({"stakeholder_id": ordered["stakeholder_id"],
                         "x": [round(math.cos(a), 4) + 0.0 for a in angles],
                         "y": [round(math.sin(a), 4) + 0.0 for a in angles]})



def coalition_layout(nodes: pd.DataFrame, agreement: pd.DataFrame, conflict: pd.DataFrame | None = None,
                     seed: int = 7) -> pd.DataFrame:
    """Node positions (`stakeholder_id, x, y` within [-1, 1], rounded to 4 places) that show coalitions: ties
    pull together, opponents sit apart.

    The first axis is the leading eigenvector of the signed tie matrix (agreement weights minus conflict
    weights), on which two camps that agree within and conflict across take opposite signs; nodes start from
    there (x) spread evenly by id (y), and a weighted force-directed layout (networkx's Fruchterman-Reingold,
    seeded) on the agreement ties draws each camp together. The result depends only on the data: the seed is
    fixed and the first axis's sign is chosen so that the first node by id lies on its left (x <= 0)."""
    if not len(nodes):
        return pd.DataFrame(columns=LAYOUT_COLUMNS)
    import networkx as nx
    import numpy as np

    ids = sorted(nodes["stakeholder_id"])
    at = {node: k for k, node in enumerate(ids)}
    n = len(ids)
    signed = np.zeros((n, n))
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for edges, sign in ((agreement, 1.0), (conflict, -1.0)):
        if edges is None:
            continue
        for source, target, weight in edges[["source", "target", "weight"]].itertuples(index=False):
            if source in at and target in at:
                signed[at[source], at[target]] += sign * weight
                signed[at[target], at[source]] += sign * weight
                if sign > 0:
                    graph.add_edge(source, target, weight=float(weight))
    values, vectors = np.linalg.eigh(signed)
    axis = vectors[:, -1] if n > 1 and values[-1] > 1e-9 else np.zeros(n)
    if axis[0] > 0:
        axis = -axis
    spread = np.linspace(-1, 1, n) if n > 1 else np.zeros(1)
    start = {node: (float(axis[k]) * 2, float(spread[k]) * 0.5) for k, node in enumerate(ids)}
    pos = nx.spring_layout(graph, pos=start, seed=seed, weight="weight", iterations=200,
                           k=3.0 / max(1, n) ** 0.5) if n > 1 else {ids[0]: (0.0, 0.0)}
    xy = np.array([pos[node] for node in ids], dtype=float)
    xy -= xy.mean(axis=0)
    scale = np.abs(xy).max(axis=0)
    xy /= np.where(scale > 0, scale, 1.0)  # each axis fills the frame
    return pd.DataFrame({"stakeholder_id": ids, "x": [round(float(v), 4) + 0.0 for v in xy[:, 0]],
                         "y": [round(float(v), 4) + 0.0 for v in xy[:, 1]]})

# ---------------------------------------------------------------------------------------------------- from current positions

def position_network(current: pd.DataFrame, kind: str = "agreement", weight: str = "issues") -> pd.DataFrame:
    """The agreement (`kind="agreement"`) or conflict network of the positions held now (`spells.current_positions`)
    rather than of every statement ever made: two stakeholders agree on an issue when both support it, or both
    oppose it, now; they conflict when one supports what the other opposes now. A mixed or neutral position
    takes no side and ties no one. Columns as `agreement_network`; `n_statements` counts the statements of the
    current positions."""
    if kind not in ("agreement", "conflict"):
        raise ValueError(f"kind must be agreement or conflict, not {kind!r}")
    held = current[current["position"].isin(["support", "oppose"])]
    held = pd.DataFrame({"stakeholder_id": held["stakeholder_id"], "issue_id": held["issue_id"],
                         "stance": held["position"], "n_statements": held["statements"]})
    return _held_ties(held, kind == "agreement", weight)


def position_nodes(current: pd.DataFrame) -> pd.DataFrame:
    """Every stakeholder with a current position (`spells.current_positions`) as a network node: the columns of
    `network_nodes`, with `n_statements, n_support, n_oppose, n_neutral` counting the statements of its current
    positions, and `position`: its current position when it holds one (on one issue), else the position most of
    its issues have now (see `positions.prevailing`; `mixed` on a tie of support and oppose). Sorted by id."""
    if not len(current):
        return pd.DataFrame(columns=NODE_COLUMNS)
    out = current.groupby("stakeholder_id", sort=True).agg(
        n_statements=("statements", "sum"), n_support=("n_support", "sum"), n_oppose=("n_oppose", "sum"),
        n_neutral=("n_neutral", "sum"), issues=("position", "size"), only=("position", "first"))
    held = pd.crosstab(current["stakeholder_id"], current["position"]).reindex(
        columns=["support", "oppose", "neutral", "mixed"], fill_value=0).reindex(out.index)
    out["position"] = prevailing(held["support"] + held["mixed"], held["oppose"] + held["mixed"], held["neutral"])
    out["position"] = out["only"].where(out["issues"].eq(1), out["position"])
    out = out.reset_index().astype({c: "int64" for c in NODE_COLUMNS[1:-1]})
    return out[NODE_COLUMNS]
