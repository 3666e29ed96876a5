"""tools/split_questions.py --append: new questions dealt into train and dev, test never touched."""
import json
import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "split_questions.py"


def question(qid: str, text: str, doc: str = "d1") -> dict:
    return {"id": qid, "question": text, "type": "date", "lang": "en", "style": "user", "answerable": True,
            "gold": [[doc, 1]], "key_phrases": ["2014"], "quote": "In 2014."}


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)


def test_new_questions_go_to_train_and_dev_and_test_stays(tmp_path):
    write(tmp_path / "train.jsonl", [question("a-1", "When was the Agency created?")])
    write(tmp_path / "dev.jsonl", [question("a-2", "When was the law published?")])
    write(tmp_path / "test.jsonl", [question("a-3", "When did the Committee meet?")])
    before = (tmp_path / "test.jsonl").read_bytes()
    new = [question(f"n-{i}", f"When did event number {i} happen?", doc=f"d{i % 2}") for i in range(9)]
    new.append(question("n-9", "  when was the AGENCY created? "))  # the same words as a train question
    write(tmp_path / "new.jsonl", new)
    done = run("--append", tmp_path / "new.jsonl", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "test.jsonl").read_bytes() == before
    train, dev = read(tmp_path / "train.jsonl"), read(tmp_path / "dev.jsonl")
    added = [q["id"] for q in train + dev if q["id"].startswith("n-")]
    assert sorted(added) == [f"n-{i}" for i in range(9)]  # the repeated question left out
    assert len([q for q in dev if q["id"].startswith("n-")]) == 3  # every third to dev


def test_an_id_used_twice_is_refused(tmp_path):
    for name in ("train", "dev", "test"):
        write(tmp_path / f"{name}.jsonl", [question(f"{name}-1", f"When did {name} start?")])
    write(tmp_path / "new.jsonl", [question("train-1", "When did something else start?")])
    done = run("--append", tmp_path / "new.jsonl", "--out", tmp_path)
    assert done.returncode != 0 and "train-1" in done.stderr
    assert len(read(tmp_path / "train.jsonl")) == 1
