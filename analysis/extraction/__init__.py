"""Extraction: one article into statements, events and new people, by rules read from the data files.

One module per stage: `lexicon` and `codebook` (the rules as data, checked at load; `checks` asks spaCy about
their patterns), `actors` (states, organisations, people and their dated roles), `patterns` (the data turned
into the components' patterns), `components` and `nlp` (the spaCy pipeline: the model's parse plus the
extraction's components, one Doc per article), `prefilter` (which sentences are parsed), `recognition` (mentions
of actors and issues as spans), `discourse` (what earlier sentences established), `attribution` (who holds and
who speaks), `stance` (the path evidence), `qualifiers` (conditions, quantities), `claims` (when a codebook claim
moves a statement to the holder's own issue), `statements` (the walk from an issue to its holder), `events`
(dated happenings), `dates` (time expressions) and `pipeline` (one article to rows: `Extractor.article`)."""
