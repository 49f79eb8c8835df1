"""The cheap pass before the parser (analysis/prefilter.py): a sentence reaches the parser only when it holds
every word of some issue cue and a possible holder, an event word with a time, or a title before a name."""
import pytest

from analysis.extraction.cues import pattern_words
from analysis.extraction.prefilter import PhraseWords


def words(text: str) -> set[str]:
    return set(text.lower().replace(",", " ").split())


def test_a_phrase_needs_all_its_words_in_any_inflection():
    test = PhraseWords()
    test.add_phrase("security guarantees")
    test.add_phrase("such a plan")
    assert test(words("they offered a security guarantee"))
    assert not test(words("cyber security agencies warned"))
    assert not test(words("the council approved a plan"))
    assert test(words("nobody backs such plans"))


def test_hyphenated_cue_words_match_the_tokens_they_split_into():
    test = PhraseWords()
    test.add_phrase("UN-led mission")
    assert test({"un", "-", "led", "missions"})


def test_pattern_tokens_give_alternatives_and_optional_tokens_are_not_required():
    pattern = (((("LEMMA", (("IN", ("deploy", "deployment")),)),)), (("LOWER", "troops"), ("OP", "?")),
               (("POS", "NOUN"),))
    assert pattern_words(pattern) == [["deploy", "deployment"]]
    test = PhraseWords()
    test.add(pattern_words(pattern))
    assert test(words("they deployed nothing")) and not test(words("the troops stayed"))


@pytest.mark.parametrize("text, parsed", [
    ("The city council wants to expand its tram network to the airport.", False),
    ("Cyber security agencies warned of a wave of phishing emails targeting energy companies.", False),
    ("The statistics office said industrial output contracted in the last month.", False),  # not "take office"
    ("The new president took office on Monday.", True),
    ("The minister said her country would send troops to a reassurance force.", True),
    ("The session was suspended when committee chair Ana Lopez conceded defeat.", True),
])
def test_background_copy_stays_away_from_the_parser(extractor, text, parsed):
    sentence = next(iter(extractor.tokenizer(text).sents))
    assert extractor.sentence_filter.needs_parse(sentence) is parsed
