"""The patterns of the extraction's components, read from the data files: every label and phrase comes from the
codebook, the lexicon or the actor files (nothing here knows a particular conflict).

Each function takes (codebook, actors) and returns SpanRuler-style entries: {"label": ..., "pattern": "a
phrase" | [token pattern]} (with "exact": True, a phrase matched as written); `attribution_patterns` returns the lexicon's dependency patterns. Labels:
  names     "A|<actor id>|<name, demonym or place>", "R|<region>", "P|<alias of a person>"
  titles    the role ("foreign_minister"), or "<role>|<actor id>" for a title only that actor has
            ("trade_commissioner|<organisation id>", from the `titles` of states.yaml and organisations.yaml)
  issues    the issue id, or ANAPHOR for a phrase that refers back to an issue ("such a force")
  cues      support, oppose, neutral, weak, conditional, constrained, speech, threat, attitude, absence, effect,
            precondition
  events    the kind of event (meeting, speech, proposal, decision)
"""
from __future__ import annotations

from .actors import ActorData
from .codebook import Codebook
from .cues import Cue, thaw

ANAPHOR = "ANAPHOR"  # upper case: sorts before every issue id, as the empty label of an unresolved anaphor did
IMPLICIT = "implicit"
AGAINST = "~against"  # the label suffix of an issue cue naming what the issue would take away


def issue_of(label: str) -> tuple[str, bool]:
    """The issue id of an issue cue's label ("" for an anaphor) and whether the cue is `against` it."""
    if label == ANAPHOR:
        return "", False
    return label.removesuffix(AGAINST), label.endswith(AGAINST)


def name_label(kind: str, key: str, how: str = "") -> str:
    """The label of a name pattern (see the module docstring)."""
    return {"region": f"R|{key}", "person": f"P|{key}", "group": f"G|{key}"}.get(kind, f"A|{key}|{how}")


def read_name_label(label: str) -> tuple[str, str, str]:
    """(kind, key, how) of a name label: ("state" or "organisation" as "actor", id, how), ("region", "", "region"),
    ("person", alias, "person"), ("group", name, "named")."""
    head, _, rest = label.partition("|")
    if head == "R":
        return "region", "", "region"
    if head == "G":
        return "group", rest, "named"
    if head == "P":
        return "person", rest, "person"
    key, _, how = rest.partition("|")
    return "actor", key, how


def name_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    out = []
    for actor in actors.actors.values():
        for how, words in (("name", actor.names), ("demonym", actor.demonyms), ("place", actor.places)):
            out += [{"label": name_label(actor.kind, actor.id, how), "pattern": w} for w in words]
    out += [{"label": name_label("region", region), "pattern": region} for region in actors.regions]
    for names in actors.people().values():
        out += [{"label": name_label("person", w), "pattern": w} for w in names]
    # blocs and groups a domain names without a stakeholder id ("the African Group"): groups by their name
    out += [{"label": name_label("group", name), "pattern": form} for name in codebook.lexicon.group_names
            for form in dict.fromkeys((name, name[:1].upper() + name[1:]))]  # "civil society" opens a sentence
    return out


def title_label(role: str, owner: str = "") -> str:
    """The label of a title pattern (see the module docstring)."""
    return f"{role}|{owner}" if owner else role


def read_title_label(label: str) -> tuple[str, str]:
    """(role, owner id or "") of a title label."""
    role, _, owner = label.partition("|")
    return role, owner


def title_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    out = [{"label": role, "pattern": p} for role, phrases in codebook.lexicon.titles.items() for p in phrases]
    return out + [{"label": title_label(role, actor.id), "pattern": phrase} for actor in actors.actors.values()
                  for role, phrase in actor.titles]


def cue_entry(label: str, cue: Cue | str) -> dict:
    """The entry of one cue: a phrase, a phrase matched as written ("exact"), or a token pattern."""
    if isinstance(cue, str):
        return {"label": label, "pattern": cue}
    return {"label": label, "pattern": cue.phrase or thaw(cue.pattern), **({"exact": True} if cue.exact else {})}


def issue_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    out = [cue_entry(issue.id + (AGAINST if cue.against else ""), cue) for issue in codebook.issues for cue in issue.cues]
    return out + [{"label": ANAPHOR, "pattern": phrase} for phrase in codebook.lexicon.anaphora]


def implicit_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    return [{"label": IMPLICIT, "pattern": phrase} for phrase in codebook.lexicon.implicit_issue_verbs]


def cue_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    lex = codebook.lexicon
    lists = [*codebook.stances.items(), ("weak", lex.weak), *codebook.qualifiers.items(), ("threat", lex.threats),
             ("attitude", lex.attitudes), ("absence", lex.absence), *lex.effects.items(),
             *(("effect", phrases) for phrases in lex.effects.values()), ("precondition", lex.preconditions),
             ("same_position", lex.shared_positions)]
    entries = [verbal_entry(label, cue) if label in ("support", "oppose") and cue_text(cue) in lex.verb_only_cues
               else cue_entry(label, cue) for label, cues in lists for cue in cues]
    return entries + separated_particles(entries, lex.particles) + speech_patterns(lex)


def cue_text(cue: Cue | str) -> str:
    """The phrase of a cue ("" for a token pattern)."""
    return cue if isinstance(cue, str) else cue.phrase or ""


def verbal_entry(label: str, cue: Cue | str) -> dict:
    """A one-word cue matched only where it is a verb, on its lemma ("questioned X", not "a question about X")."""
    return {"label": label, "pattern": [{"NORM": cue_text(cue).lower(), "POS": {"IN": ["VERB", "AUX"]}}]}


def separated_particles(entries: list[dict], particles: list[str]) -> list[dict]:
    """A phrasal verb cue also with a pronoun between verb and particle ("rule out": "ruled it out", "ruled this
    out"); its words are matched on lemmas (NORM holds the lower-cased lemma)."""
    out = []
    for entry in entries:
        words = entry["pattern"].lower().split() if isinstance(entry["pattern"], str) else []
        if len(words) == 2 and words[1] in particles and not entry.get("exact"):
            out.append({"label": entry["label"],
                        "pattern": [{"NORM": words[0]}, {"POS": "PRON"}, {"LOWER": words[1]}]})
    return out


def speech_patterns(lex) -> list[dict]:
    """Speech verbs; a one-word one only where it is no noun or adjective ("states", "a claim", "the report")."""
    verbal = {"POS": {"NOT_IN": ["NOUN", "PROPN", "ADJ"]}}
    return [{"label": "speech", "pattern": [{attr: verb, **verbal}]} if " " not in verb
            else {"label": "speech", "pattern": verb}
            for verb in lex.speech_verbs for attr in (("NORM", "LOWER") if " " not in verb else ("NORM",))]


def event_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    return [{"label": kind, "pattern": p} for kind, phrases in codebook.lexicon.events.items() for p in phrases]


def attribution_patterns(codebook: Codebook, actors: ActorData) -> list[dict]:
    return [{"label": p.label, "pattern": p.pattern} for p in codebook.lexicon.dependency_patterns]
