"""Extractive question answering over a folder of documents, with exact citations.

Pure library: no Discord, no network. `Engine.from_folder(path)` builds the index once;
`answer_question(engine, question)` returns a Result with cited Answers, or none.
"""

from .answer import answer_question
from .cache import default_cache_dir
from .engine import Engine
from .errors import RetrievalError
from .explain import explain_lines
from .index import BM25Params
from .models import Answer, Citation, Document, Passage, Result, Sentence, SkippedFile
from .rerank import AnswerPolicy

__all__ = [
    "Answer",
    "AnswerPolicy",
    "BM25Params",
    "Citation",
    "Document",
    "Engine",
    "Passage",
    "Result",
    "RetrievalError",
    "Sentence",
    "SkippedFile",
    "answer_question",
    "default_cache_dir",
    "explain_lines",
]
