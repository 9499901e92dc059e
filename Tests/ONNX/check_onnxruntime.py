"""Exported ONNX models, run by onnxruntime, against `report predict` on real CIFAR-10 test images.

For each model name M it reads WORK/M.onnx (`report export --format onnx`) and WORK/M.tar.gz
(`report export`), and checks: the model.onnx inside the tar.gz is the same file; the input is
`images` (N, 32, 32, 3) and the output `probabilities` (N, 10); the metadata names the classes;
on the first --images test images, onnxruntime's probabilities are within 1e-5 of `report
predict`'s (which reads the same images as PNG files) and the top-1 classes are identical.
"""

import argparse
import json
import struct
import subprocess
import sys
import tarfile
import zlib
from pathlib import Path

import numpy as np
import onnxruntime as ort

TOLERANCE = 1e-5


def test_images(data: Path, count: int) -> np.ndarray:
    """The first `count` images of test_batch.bin as (N, 32, 32, 3) bytes."""
    raw = np.fromfile(data / "test_batch.bin", dtype=np.uint8, count=count * 3073).reshape(count, 3073)
    return raw[:, 1:].reshape(count, 3, 32, 32).transpose(0, 2, 3, 1).copy()


def write_png(path: Path, image: np.ndarray) -> None:
    """An 8-bit RGB PNG, no filtering: enough for `report predict` to read the exact bytes back."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    height, width, _ = image.shape
    rows = b"".join(b"\x00" + image[y].tobytes() for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))


def convlab_probabilities(report: str, artifact: Path, folder: Path) -> np.ndarray:
    lines = subprocess.run(
        [report, "predict", "--model", str(artifact), "--json", str(folder)],
        check=True, capture_output=True, text=True).stdout.splitlines()
    return np.array([json.loads(line)["prediction"]["probabilities"] for line in lines], dtype=np.float32)


def check(name: str, work: Path, images: np.ndarray, folder: Path, report: str) -> list[str]:
    onnx_bytes = (work / f"{name}.onnx").read_bytes()
    with tarfile.open(work / f"{name}.tar.gz") as archive:
        packed = archive.extractfile("model.onnx").read()
    problems = []
    if packed != onnx_bytes:
        problems.append("the model.onnx in the tar.gz differs from `export --format onnx`")
    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    (inp,), (out,) = session.get_inputs(), session.get_outputs()
    if (inp.name, inp.shape[1:], out.name, out.shape[1:]) != ("images", [32, 32, 3], "probabilities", [10]):
        problems.append(f"input {inp.name} {inp.shape}, output {out.name} {out.shape}")
    classes = json.loads(session.get_modelmeta().custom_metadata_map.get("class_names", "[]"))
    if len(classes) != 10:
        problems.append(f"metadata class_names: {classes}")
    onnx = session.run(["probabilities"], {"images": images.astype(np.float32) / np.float32(255)})[0]
    convlab = convlab_probabilities(report, work / f"{name}.tar.gz", folder)
    difference = float(np.abs(onnx - convlab).max())
    same_top1 = int((onnx.argmax(1) == convlab.argmax(1)).sum())
    print(f"{name:16} max |onnxruntime - predict| = {difference:.2e}, same top-1 {same_top1}/{len(images)}")
    if difference > TOLERANCE:
        problems.append(f"probabilities differ by {difference:.2e} (> {TOLERANCE})")
    if same_top1 != len(images):
        problems.append(f"top-1 differs on {len(images) - same_top1} images")
    return [f"{name}: {p}" for p in problems]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", required=True, help="the report executable")
    parser.add_argument("--data", type=Path, required=True, help="the CIFAR-10 binary folder")
    parser.add_argument("--work", type=Path, required=True, help="holds NAME.onnx and NAME.tar.gz")
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("models", nargs="+")
    args = parser.parse_args()
    images = test_images(args.data, args.images)
    folder = args.work / "images"
    folder.mkdir(exist_ok=True)
    for i, image in enumerate(images):
        write_png(folder / f"{i:05d}.png", image)
    print(f"onnxruntime {ort.__version__}, {len(images)} test images")
    problems = [p for name in args.models for p in check(name, args.work, images, folder, args.report)]
    for problem in problems:
        print("FAIL", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
