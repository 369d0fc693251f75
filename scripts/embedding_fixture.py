"""Reference vectors from model2vec's own StaticModel for tests/retrieval/test_embedding.py.

Runs in the distillation venv (model2vec installed), on the shipped files:

    .cache/venv-distill/bin/python scripts/embedding_fixture.py

Writes tests/data/embedding_reference.npz: `texts` (a unicode array: no pickle), `vectors`
(model2vec's output on the files as shipped; a float16 model rounds it to float16),
`vectors_f32` (the same model with its table widened to float32, which is what
retrieval.embedding computes) and `embeddings_sha256` (the table the vectors belong to).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from model2vec import StaticModel
from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "retrieval" / "model"
OUT = ROOT / "tests" / "data" / "embedding_reference.npz"

WORDS = "the client sends a request and waits for the response before the timeout expires".split()


def long_text() -> str:
    """About 6,000 characters: past the 512-token cut."""
    return " ".join(f"{WORDS[i % len(WORDS)]}{i % 7 or ''}" for i in range(1000))


TEXTS = [
    "How do I set a timeout on an httpx client?",
    "",
    "   \t\n ",
    "client = httpx.Client(timeout=httpx.Timeout(10.0, connect=60.0))",
    "@bot.command()\nasync def ping(ctx):\n    await ctx.send('pong')",
    "Crème brûlée à la française — naïve café",
    "東京は日本の首都です",
    "my bot crashes 😭😭 pls help 🙏",
    "Как настроить прокси для httpx?",
    "مرحبا بالعالم",
    "hw do i instal discord.py on windoes",
    "https://www.python-httpx.org/advanced/proxies/#socks",
    "Error 429: Too Many Requests (retry-after: 1.5s)!!!",
    "Which NFL team represented the AFC at Super Bowl 50?",
    long_text(),
    "international " * 200 + "cooperation " * 200,  # cut by characters before 512 tokens
    "a" * 150,
    "𓀀𓀁",
    "line one\n\n\tline two\r\nline three",
    ":class:`~discord.Client` and :meth:`discord.Client.run`",
    "!!! note\n    Use `httpx.AsyncClient` for **async** code.",
    "\x00\x07bell\ufeff",
    "Intents.members",
]


def static_model(folder: Path, vectors: np.ndarray) -> StaticModel:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    return StaticModel(
        vectors=vectors, tokenizer=tokenizer, normalize=config["normalize"], max_length=config["max_length"]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL, help="model folder (default: retrieval/model)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    table = np.load(args.model / "embeddings.npy", allow_pickle=False)
    as_shipped = static_model(args.model, table).encode(TEXTS).astype(np.float32)
    widened = static_model(args.model, table.astype(np.float32)).encode(TEXTS)
    digest = hashlib.sha256((args.model / "embeddings.npy").read_bytes()).hexdigest()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    texts = np.array(TEXTS)
    if texts.tolist() != TEXTS:
        raise RuntimeError("a text does not survive a numpy unicode array (trailing NUL?)")
    np.savez_compressed(
        args.out, texts=texts, vectors=as_shipped, vectors_f32=widened, embeddings_sha256=np.array(digest)
    )
    print(f"wrote {args.out}: {len(TEXTS)} texts, dim {widened.shape[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
