"""Codebook claims: when a holder's statement on an issue belongs to the holder's own issue instead.

A codebook's `claims` move a holder's statements on some issues to another ("the U.S. will not send troops" is
U.S. participation, not a European deployment). The move holds only where the holder's own part is meant: not
where the issue's phrase names whose it is ("<region> troops"), nor where the holder judges a plan of others
("criticizes the plan to send X"), nor where the issue sits in a clause describing something else ("a settlement
that should be backed up with a force": what the settlement needs, not who provides it) or in a clause of another
actor ("proposed that <state> send X").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .codebook import Codebook
from .recognition import Mentions

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

DESCRIBING_CLAUSES = ("relcl", "acl")


def claimed_issue(codebook: Codebook, issue: Span, mentions: Mentions, holder: str, chain: list[Token],
                  holder_node: Token) -> str:
    """The issue the holder's statement on `issue` belongs to: the codebook's claim, unless others act."""
    if others_own(issue, mentions, holder) or judged_plan(issue, mentions) or described(chain, holder_node) \
            or others_act(chain, holder_node, mentions, holder):
        return issue._.issue_id
    return codebook.claimed_issue(issue._.issue_id, holder)


def judged_plan(issue: Span, mentions: Mentions) -> bool:
    """The issue's action completes a noun its holder judges ("criticizes the plan to send X", "rejected a
    proposal to deploy X"): a plan of others, so no codebook claim makes X the holder's own."""
    verb = next((t for t in [issue.root, *issue.root.ancestors] if t.pos_ == "VERB"), None)
    if verb is None or verb.dep_ not in ("acl", "relcl", "xcomp"):
        return False
    noun = verb.head  # an object, however tagged ("criticizes plan to send X": "plan" may come out a verb)
    return noun.dep_ in ("dobj", "pobj") and not any(c.dep_ == "poss" for c in noun.children) \
        and bool(mentions.cue_labels_at(noun.head.i) & {"support", "oppose"})


def others_own(issue: Span, mentions: Mentions, holder: str) -> bool:
    """The issue's phrase names whose it is, and not the holder's ("<region> troops" said by a state outside
    it)."""
    root = issue.root
    words = [t for t in root.subtree if t.i < root.i] + [t for c in root.children if c.dep_ == "prep"
                                                           and c.lower_ == "from" for t in c.subtree]
    return any(m.label_ in ("state", "organisation", "region") and m._.stakeholder != holder
               for t in words for m in mentions.actors_at(t.i))


def described(chain: list[Token], holder_node: Token) -> bool:
    """The issue in a clause describing a noun of the holder's statement ("a settlement, one that should be
    backed up with a force"): a passive or subjectless description of what is needed, not the holder's doing."""
    return any(t.dep_ in DESCRIBING_CLAUSES and t.head.pos_ in ("NOUN", "PRON", "NUM")
               and not any(c.dep_ == "nsubj" or c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
               for t in _below(chain, holder_node))  # "plans to send X": the infinitive is the holder's own doing


def others_act(chain: list[Token], holder_node: Token, mentions: Mentions, holder: str) -> bool:
    """A clause below the holder's verb whose subject is another actor ("<holder> proposed that <state> could be
    invited to send X", "... said <region> should send X"): that actor's doing, not the holder's own."""
    return any(m.label_ in ("state", "organisation", "region") and m._.stakeholder != holder
               for t in _below(chain, holder_node) for c in t.children if c.dep_ in ("nsubj", "nsubjpass")
               for m in mentions.actors_at(c.i))


def _below(chain: list[Token], holder_node: Token) -> list[Token]:
    """The path's tokens below the holder's node."""
    return chain[:chain.index(holder_node)] if holder_node in chain else []
