"""Extractive question answering over a folder of documents, with exact citations.

Pure library: no Discord, no network. `Engine.from_folder(path)` builds the index once;
`answer_question(engine, question)` returns a Result with cited Answers, or none.
"""

from .answer import answer_question
from .cache import default_cache_dir
from .engine import Engine
from .errors import RetrievalError
from .explain import explain_lines
from .file_filter import FileFilter
from .index import BM25Params
from .models import (
    Answer,
    Citation,
    Document,
    DocumentSummary,
    Passage,
    Result,
    Sentence,
    SkippedFile,
    Snippet,
)
from .rerank import AnswerPolicy
from .tokenization import tokenize

__all__ = [
    "Answer",
    "AnswerPolicy",
    "BM25Params",
    "Citation",
    "Document",
    "DocumentSummary",
    "FileFilter",
    "Engine",
    "Passage",
    "Result",
    "RetrievalError",
    "Sentence",
    "SkippedFile",
    "Snippet",
    "answer_question",
    "default_cache_dir",
    "explain_lines",
    "tokenize",
]
