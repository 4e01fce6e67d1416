"""Index: the sentence table built from documents, BM25 over sentences and paragraphs,
retrieval, and the saved index on disk.

Reads the text stage (:mod:`qa.text`) and the analysis stage (:mod:`qa.analysis`, whose
attribution and hedges are computed once, at build time); knows nothing of answers.
"""
