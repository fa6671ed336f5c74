"""The LLM-free path: spaCy question analysis, bridge entities, span selection, lexical + embedding support."""
