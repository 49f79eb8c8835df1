"""The faster attribute ruler and lemmatizer (analysis/extraction/modelrules.py) annotate exactly as the shipped
components: the same matches as spaCy's Matcher, the same tags, parts of speech, morphology, lemmas and
dependencies as the model loaded without them."""
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, POS, TAG

from analysis.extraction.tokenmatch import IndexedMatcher, Unsupported, compile_spec
from analysis.extraction.nlp import EXCLUDED_COMPONENTS, MODEL, load_model
from analysis.io.ingest import read_corpus

from conftest import CORPUS

ODD = ["", " ", "  double  spaces \n\n and\ttabs ", "There are got gets was were 's 're n't nothin' y' ya.",
       "U.S. officials' \"quote\" — 1,000 ... (LRB) [x] {y} $5 5% e-mail@x.org http://x.org :-)",
       "Ain't gonna wanna gotta lemme. THERE IS NO. there's. Who's? It's.", "\n", "a\u00a0b \u2014 c"]


@pytest.fixture(scope="module")
def texts():
    out = list(ODD)
    for article in read_corpus(CORPUS):
        out += article.paragraphs
    return out


@pytest.fixture(scope="module")
def shipped():
    return spacy.load(MODEL, exclude=list(EXCLUDED_COMPONENTS))


def test_the_components_are_on_their_fast_paths():
    nlp = load_model()
    assert "match" in vars(nlp.get_pipe("attribute_ruler"))
    assert "pipe" in vars(nlp.get_pipe("lemmatizer"))


def test_the_indexed_matcher_finds_what_the_matcher_finds(shipped, texts):
    ruler = shipped.get_pipe("attribute_ruler")
    strings = ruler.vocab.strings
    keys = [strings.add(str(i)) for i in range(len(ruler.attrs))]
    fast = IndexedMatcher(ruler.vocab, [(key, ruler.matcher.get(key)[1]) for key in keys])
    for doc in shipped.pipe(texts, disable=["attribute_ruler", "lemmatizer"]):
        assert sorted(fast(doc)) == sorted(ruler.matcher(doc, allow_missing=True)), doc.text


def test_the_pipeline_annotates_as_the_shipped_one(shipped, texts):
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD, NORM]
    fast = load_model()
    for a, b in zip(shipped.pipe(texts), fast.pipe(texts)):
        assert (a.to_array(columns) == b.to_array(columns)).all(), a.text
        assert [(t.lemma_, str(t.morph)) for t in a] == [(t.lemma_, str(t.morph)) for t in b]


def test_what_is_not_reproduced_is_left_to_spacy():
    vocab = spacy.blank("en").vocab
    for spec in ({"OP": "?", "LOWER": "a"}, {"_": {"x": 1}}, {"LENGTH": 3}, {"LOWER": {"FUZZY": "a"}},
                 {"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}, {"IS_SPACE": "yes"}):
        with pytest.raises(Unsupported):
            compile_spec(spec, vocab.strings)


@pytest.fixture(scope="module")
def extraction():
    from analysis.extraction.pipeline import Extractor
    return Extractor().nlp


def test_rule_components_match_as_spacy_matchers(extraction, texts):
    """The phrase rulers' token patterns and the attribution's dependency patterns (tokenmatch.py) find what
    spaCy's Matcher and DependencyMatcher find, in the same order."""
    from spacy.matcher import DependencyMatcher
    nlp = extraction
    ruler = nlp.get_pipe("stakeholder_attribution")._matcher
    reference = DependencyMatcher(nlp.vocab, validate=True)
    for key in ruler._patterns:
        reference.add(nlp.vocab.strings[key], ruler.get(key)[1])
    phrase_rulers = [component for _, component in nlp.pipeline if hasattr(component, "_fast_tokens")]
    assert any(len(component._tokens) for component in phrase_rulers)
    for doc in nlp.pipe(texts, disable=["stakeholder_attribution", "stakeholder_actors", "stakeholder_issues"]):
        for component in phrase_rulers:
            if len(component._tokens):
                assert set(component._fast_tokens(doc)) == set(component._tokens(doc)), doc.text
        ours, theirs = ruler._get_keys_to_position_maps(doc), reference._get_keys_to_position_maps(doc)
        assert [(root, list(by_key.items())) for root, by_key in ours.items()] == \
            [(root, list(by_key.items())) for root, by_key in theirs.items()], doc.text
        assert ruler(doc) == reference(doc), doc.text


def test_extension_set_predicates_as_spacy_reads_them():
    from spacy.matcher import Matcher
    from spacy.tokens import Token

    from analysis.extraction.tokenmatch import TokenMatcher
    Token.has_extension("tm_labels") or Token.set_extension("tm_labels", default=frozenset())
    nlp = spacy.blank("en")
    doc = nlp("a b c d e f g h")
    for token, value in zip(doc, [frozenset({"x"}), frozenset({"x", "y"}), "x", ["y"], None, 3, {"x": 1}, ()]):
        if value != ():
            token._.tm_labels = value
    ours, theirs = TokenMatcher(nlp.vocab), Matcher(nlp.vocab)
    for n, op in enumerate(("INTERSECTS", "IS_SUBSET", "IS_SUPERSET")):
        for values in (["x"], ["x", "y"], ["z"], []):
            pattern = [[{"_": {"tm_labels": {op: values}}}], [{"LOWER": "b"}, {"_": {"tm_labels": {op: values}}}]]
            ours.add(f"{op}{n}{values}", pattern)
            theirs.add(f"{op}{n}{values}", pattern)
    assert len(ours._rest) == 0
    assert sorted(ours(doc)) == sorted(theirs(doc))
