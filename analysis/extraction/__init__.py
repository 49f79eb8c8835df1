"""Extraction: one article into statements, events and new people, by rules read from the data files.

Stages, one module each: `codebook` and `lexicon` (the rules as data), `actors` (states, organisations,
people and their dated roles), `nlp` (the spaCy pipeline and its components), `prefilter` (which sentences
are parsed), `recognition` (mentions of actors, issues and cues), `discourse` (what earlier sentences
established), `attribution` (who holds and who speaks), `stance` (the path rules), `qualifiers` (conditions,
constraints, quantities), `dates` (time expressions), `events` (dated happenings), `statements` (the rules
applied to one sentence) and `pipeline` (one article to rows: `Extractor.article`)."""
