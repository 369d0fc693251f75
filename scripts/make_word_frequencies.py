"""Write retrieval/data/english_words.txt.gz: common English words and how common they are.

The no-answer rule weighs a question word the documents lack by how common the word is in
English ("stuff" says little, "GraphQL" much). The figures come from the `wordfreq` package
(Robyn Speer; code Apache-2.0, data CC BY-SA 4.0), which is 58 MB installed: this script keeps
the alphabetic words of Zipf frequency 2.5 and above (about 50,000 words, ~200 KB), so the
project ships the list, not the package. Run it in a throwaway environment:

    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1
    /tmp/wf/bin/python scripts/make_word_frequencies.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parent.parent / "retrieval" / "data" / "english_words.txt.gz"
MIN_ZIPF = 2.5


def main() -> None:
    lines = []
    for word in wordfreq.top_n_list("en", 200_000):
        zipf = wordfreq.zipf_frequency(word, "en")
        if zipf < MIN_ZIPF:
            break
        if word.isalpha() and word.isascii():
            lines.append(f"{word} {zipf:.2f}")
    header = f"# wordfreq 3.1.1, English, Zipf >= {MIN_ZIPF}; data CC BY-SA 4.0\n"
    # mtime=0: the same words give the same bytes
    with gzip.GzipFile(OUT, "wb", mtime=0) as handle:
        handle.write((header + "\n".join(lines) + "\n").encode("ascii"))
    print(f"{len(lines)} words -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
