"""Text: documents read from files, sentences with offsets, tokens, parts of speech.

The lowest stage of the pipeline: nothing here imports another stage of ``qa``.
"""
