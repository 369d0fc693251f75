"""The engine's value types: immutable, so an index can be shared between threads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One loaded file. `text` is the decoded file (BOM removed); offsets point into it."""

    path: str  # relative to the documents folder, with forward slashes
    text: str
    date: str | None = None  # from a leading `date YYYY-MM-DD` metadata line
    body_start: int = 0  # where the text after the metadata begins
    content_hash: str = ""


@dataclass(frozen=True)
class SkippedFile:
    """A file that was not loaded, with the reason in plain words."""

    path: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A searchable unit (a sentence, or a whole code block or table) and its exact place.

    `text` is the exact source span: `document.text[start:end] == text`. `clean` is what is
    indexed and shown: the same words without the format's syntax (code: dedented).
    """

    document: str
    text: str
    clean: str
    start: int
    end: int
    line: int  # 1-based line where the unit starts (within its page, for a PDF)
    paragraph: int  # 1-based number of its block among the document's blocks with units
    section: str | None = None  # nearest heading above the unit
    date: str | None = None
    kind: str = "sentence"  # "sentence", "code", "table", or "row" (a table's row)
    page: int | None = None  # 1-based page, for paged formats (PDF)
    sections: tuple[str, ...] = ()  # every heading above it, outermost first


@dataclass(frozen=True)
class Snippet:
    """A block of a document (code, a list, a table, a paragraph ...), verbatim and as shown.

    `text` is the exact source span (`document.text[start:end] == text`); `shown` is the block
    as a reader sees it: code dedented, a list as "- item" or "1. item" lines, a table as "a | b" rows.
    """

    kind: str  # "code", "list", "table", "paragraph", "item", "heading", "admonition"
    document: str
    text: str
    shown: str
    start: int
    end: int
    line: int
    end_line: int
    page: int | None = None
    language: str | None = None  # code: the language the source names ("" when none)
    title: str | None = None  # admonition: its title
    sections: tuple[str, ...] = ()
    lead: int | None = None  # the id of the sentence that introduces it


@dataclass(frozen=True)
class DocumentSummary:
    """How one document was read: its format, its units and its blocks by kind."""

    path: str
    format: str  # "markdown", "rst", "html", "pdf", "text"
    units: int  # sentences, code blocks and tables it gives to search
    blocks: dict[str, int]  # block kind -> how many ("code": 3, "table": 1 ...)
    date: str | None = None


@dataclass(frozen=True)
class Citation:
    """Where a quoted sentence comes from, precise enough to check by hand."""

    document: str
    line: int
    start: int
    end: int
    paragraph: int
    section: str | None = None
    date: str | None = None
    page: int | None = None  # paged formats (PDF): the line counts from the page's top

    @classmethod
    def of(cls, sentence: Sentence) -> Citation:
        return cls(
            document=sentence.document,
            line=sentence.line,
            start=sentence.start,
            end=sentence.end,
            paragraph=sentence.paragraph,
            section=sentence.section,
            date=sentence.date,
            page=sentence.page,
        )

    def __str__(self) -> str:
        return self.text()

    def text(self, where: str | None = None) -> str:
        """ "file.md, line 8, § Section, 2023-11-09"; `where` in place of "line 8"
        (`Answer.checked_lines()`)."""
        parts = (
            [self.document] + ([f"page {self.page}"] if self.page else []) + [where or f"line {self.line}"]
        )
        if self.section:
            parts.append(f"§ {self.section}")
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


@dataclass(frozen=True)
class Answer:
    """One ranked unit with its citation, the question terms it matched, and what it shows with.

    `sentence` is the unit that matched (a sentence, or a whole code block or table); `block`
    the code, list or table shown with it (the one a sentence introduces, the list an item is
    in, or the code block or table itself); `lead` the sentence that introduces a matched code
    block or table, or the list an item is in.
    """

    sentence: Sentence
    score: float
    matched: tuple[str, ...]
    sentence_id: int  # position of the unit in the index (document order); ties sort by it
    # Character spans in `text` of the words that match the question (to show them in bold).
    highlights: tuple[tuple[int, int], ...] = ()
    block: Snippet | None = None
    lead: Sentence | None = None

    @property
    def citation(self) -> Citation:
        return Citation.of(self.sentence)

    @property
    def text(self) -> str:
        return self.sentence.clean

    def checked_lines(self) -> str:
        """Where to check what the answer shows: the line of its first quoted sentence (the
        lead-in when there is one) and the lines of its block: "line 84 (code: lines 86–90)",
        or "lines 86–90" for a code block or table shown alone."""
        first = self.lead if self.lead is not None else self.sentence
        if self.block is None:
            return f"line {first.line}"
        block = self.block
        span = (
            f"line {block.line}" if block.line == block.end_line else f"lines {block.line}–{block.end_line}"
        )
        if self.lead is None and block.start == self.sentence.start:
            return span
        return f"line {first.line} ({block.kind}: {span})"


@dataclass(frozen=True)
class Passage:
    """A sentence with its neighbours from the same paragraph, in document order."""

    sentences: tuple[Sentence, ...]
    focus: int  # position of the sentence asked about in `sentences`

    @property
    def sentence(self) -> Sentence:
        return self.sentences[self.focus]


@dataclass(frozen=True)
class QuestionTerm:
    """One distinct term of the question: its stem, the question's word for it, its idf."""

    term: str
    word: str
    idf: float  # rounded to 4 places, as recorded


@dataclass(frozen=True)
class Choice:
    """Why the best candidate ranked first. Scores are rounded to 4 places, as recorded."""

    document: str
    line: int
    matched: tuple[str, ...]  # the question terms the sentence has
    contributions: dict[str, float]  # each matched term's BM25 score
    bm25: float
    bonuses: dict[str, float]  # the rerank's bonuses by name ("paragraph", "answer type" ...)
    score: float
    answer_type: str | None = None  # the kind of answer the question asks for, if any
    type_candidates: tuple[str, ...] = ()  # words of the sentence that are of that kind
    shares: dict[str, float] = field(default_factory=dict)  # "paragraph"/"document": share of the best
    borrowed: tuple[str, ...] = ()  # question terms found in the sentence before
    from_heading: tuple[str, ...] | None = None  # matched only through its heading (None: no heading)
    similarity: float | None = None  # its cosine with the question (with meaning on)
    by_meaning: bool = False  # first thanks to its closeness in meaning, not to shared words

    def to_dict(self) -> dict:
        out: dict = {
            "document": self.document,
            "line": self.line,
            "matched": list(self.matched),
            "contributions": dict(self.contributions),
            "bm25": self.bm25,
            "bonuses": dict(self.bonuses),
            "score": self.score,
        }
        if self.answer_type is not None:
            out["answer type"] = self.answer_type
        if self.type_candidates:
            out["candidates"] = list(self.type_candidates)
        out.update({f"{name} share": share for name, share in self.shares.items()})
        if self.borrowed:
            out["borrowed"] = list(self.borrowed)
        if self.from_heading is not None:
            out["from heading"] = list(self.from_heading)
        if self.similarity is not None:
            out["similarity"] = self.similarity
        if self.by_meaning:
            out["by meaning"] = True
        return out


@dataclass(frozen=True)
class Decision:
    """Answer or not, and by which rule. The coverage figures are absent when no sentence
    was scored (no searchable word, no match)."""

    answered: bool
    rule: str
    coverage: float | None = None  # the blend the threshold applies to (rounded to 4 places)
    sentence_coverage: float | None = None
    paragraph_coverage: float | None = None
    threshold: float | None = None
    # With meaning (unit vectors): the cosine of the best unit's passage with the question, and
    # the lower coverage a close enough passage is answered from.
    passage_similarity: float | None = None
    meaning_threshold: float | None = None
    meaning_coverage: float | None = None

    def to_dict(self) -> dict:
        if self.coverage is None:
            return {"answered": self.answered, "rule": self.rule}
        out = {
            "rule": self.rule,
            "coverage": self.coverage,
            "sentence_coverage": self.sentence_coverage,
            "paragraph_coverage": self.paragraph_coverage,
            "threshold": self.threshold,
        }
        if self.passage_similarity is not None:
            out["passage_similarity"] = self.passage_similarity
        return out | {"answered": self.answered}


@dataclass(frozen=True)
class Explanation:
    """What `answer_question` decided and why; `explain_lines` renders it in plain words."""

    terms: tuple[QuestionTerm, ...]
    never_mentioned: tuple[str, ...]  # question words no document has
    decision: Decision
    chosen: Choice | None = None  # None when no sentence was scored
    corrections: tuple[tuple[str, str], ...] = ()  # typed word -> the documents' word

    def to_dict(self) -> dict:
        out: dict = {
            "terms": [{"term": t.term, "word": t.word, "idf": t.idf} for t in self.terms],
            "never_mentioned": list(self.never_mentioned),
        }
        if self.corrections:
            out["corrections"] = dict(self.corrections)
        if self.chosen is not None:
            out["chosen"] = self.chosen.to_dict()
        out["decision"] = self.decision.to_dict()
        return out


@dataclass(frozen=True)
class Result:
    """The engine's reply to one question: answers best first, or none and why."""

    question: str
    answers: tuple[Answer, ...]
    terms: tuple[str, ...]  # the question's terms after normalisation
    unknown_terms: tuple[str, ...] = ()  # question words no document mentions
    reason: str = ""  # why there is no answer (empty when answered)
    explanation: Explanation | None = field(default=None, compare=False)
    # No answer, but close: the nearest passages, offered as "these may help" (else empty).
    related: tuple[Answer, ...] = ()
    # Question words read as the documents' closest word (typos): ("valdiate", "validate") ...
    corrections: tuple[tuple[str, str], ...] = ()

    @property
    def answered(self) -> bool:
        return bool(self.answers)

    @property
    def best(self) -> Answer | None:
        return self.answers[0] if self.answers else None
